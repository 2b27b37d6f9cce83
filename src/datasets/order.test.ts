import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderItems, roundRobin } from './order.js';

interface Item {
  id: number;
  label: string;
}
const labelOf = (item: Item) => item.label;

/** Items with labels drawn from a few sources, ids unique. */
const itemsArb = fc
  .array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 60 })
  .map((labels) => labels.map((label, id) => ({ id, label })));

const ids = (items: readonly Item[]) => items.map((i) => i.id);
const sorted = (xs: number[]) => xs.slice().sort((a, b) => a - b);

function labelRuns(items: readonly Item[]): string[] {
  const runs: string[] = [];
  for (const item of items) if (runs.at(-1) !== item.label) runs.push(item.label);
  return runs;
}

describe('orderItems', () => {
  it('interleaved is round-robin: label counts in any prefix differ by at most one while all labels remain', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const { items: out, repeated } = orderItems(items, 'interleaved', items.length, 1, labelOf);
        expect(repeated).toBe(false);
        expect(sorted(ids(out))).toEqual(sorted(ids(items)));
        const total = new Map<string, number>();
        for (const i of items) total.set(i.label, (total.get(i.label) ?? 0) + 1);
        const seen = new Map<string, number>();
        for (const item of out) {
          seen.set(item.label, (seen.get(item.label) ?? 0) + 1);
          // A label's k-th item comes only after every label with ≥ k items has given k−1.
          const k = seen.get(item.label)!;
          for (const [label, n] of total)
            if (n >= k - 1) expect(seen.get(label) ?? 0).toBeGreaterThanOrEqual(k - 1);
        }
        // Within a label, the original order is kept.
        for (const label of total.keys()) {
          const mine = out.filter((i) => i.label === label).map((i) => i.id);
          expect(mine).toEqual(sorted(mine));
        }
      }),
    );
  });

  it('interleaves a known example', () => {
    const items = ['a', 'a', 'a', 'b', 'c', 'c'].map((label, id) => ({ id, label }));
    expect(ids(roundRobin(items, labelOf))).toEqual([0, 3, 4, 1, 5, 2]);
  });

  it('grouped keeps each label contiguous and selects the same prompts as interleaved', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 1, max: 150 }), (items, count) => {
        const grouped = orderItems(items, 'grouped', count, 1, labelOf).items;
        const interleaved = orderItems(items, 'interleaved', count, 1, labelOf).items;
        expect(grouped).toHaveLength(count);
        const runs = labelRuns(grouped);
        expect(new Set(runs).size).toBe(runs.length);
        expect(sorted(ids(grouped))).toEqual(sorted(ids(interleaved)));
      }),
    );
  });

  it('shuffled is a seed-stable permutation', () => {
    fc.assert(
      fc.property(itemsArb, fc.integer(), (items, seed) => {
        const a = orderItems(items, 'shuffled', items.length, seed, labelOf).items;
        const b = orderItems(items, 'shuffled', items.length, seed, labelOf).items;
        expect(a).toEqual(b);
        expect(sorted(ids(a))).toEqual(sorted(ids(items)));
      }),
    );
  });

  it('shuffled depends on the seed', () => {
    const items = Array.from({ length: 50 }, (_, id) => ({ id, label: 'x' }));
    const a = ids(orderItems(items, 'shuffled', 50, 1, labelOf).items);
    const b = ids(orderItems(items, 'shuffled', 50, 2, labelOf).items);
    expect(a).not.toEqual(b);
  });

  it('takes a prefix when count is smaller than the set', () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.constantFrom('interleaved', 'grouped', 'shuffled' as const),
        (items, order) => {
          const count = Math.max(1, Math.floor(items.length / 2));
          const { items: out, repeated } = orderItems(items, order, count, 3, labelOf);
          expect(out).toHaveLength(count);
          expect(new Set(ids(out)).size).toBe(count);
          expect(repeated).toBe(false);
        },
      ),
    );
  });

  it('cycles and reports repetition when the set is too small', () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.constantFrom('interleaved', 'grouped', 'shuffled' as const),
        (items, order) => {
          const count = items.length * 2 + 1;
          const { items: out, repeated } = orderItems(items, order, count, 3, labelOf);
          expect(out).toHaveLength(count);
          expect(repeated).toBe(true);
          // Every item is used, and none more than once more than another.
          const uses = new Map<number, number>();
          for (const i of out) uses.set(i.id, (uses.get(i.id) ?? 0) + 1);
          expect(uses.size).toBe(items.length);
          const counts = [...uses.values()];
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('rejects an empty set when prompts are needed', () => {
    expect(() => orderItems([], 'interleaved', 1, 1, labelOf)).toThrow(RangeError);
    expect(orderItems([], 'interleaved', 0, 1, labelOf)).toEqual({ items: [], repeated: false });
  });
});
