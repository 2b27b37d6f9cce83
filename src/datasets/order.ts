import { createRng, shuffle } from '../core/random.js';

/** How prompts are ordered in a run (SPEC §2.1 `dataset.order`). */
export type PromptOrder = 'interleaved' | 'grouped' | 'shuffled';

/** The ordered selection of `count` items, and whether the set had to be cycled to reach it. */
export interface OrderedSelection<T> {
  items: T[];
  /** True when the set held fewer than `count` items, so some were used more than once. */
  repeated: boolean;
}

/** Groups items by label, groups in order of first appearance, items in their original order. */
function groupsOf<T>(items: readonly T[], labelOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const label = labelOf(item);
    const group = groups.get(label);
    if (group) group.push(item);
    else groups.set(label, [item]);
  }
  return [...groups.values()];
}

/** Round-robin across groups: one item from each group in turn, skipping groups that ran out. */
export function roundRobin<T>(items: readonly T[], labelOf: (item: T) => string): T[] {
  const groups = groupsOf(items, labelOf);
  const out: T[] = [];
  for (let round = 0; out.length < items.length; round++) {
    for (const group of groups) {
      const item = group[round];
      if (item !== undefined) out.push(item);
    }
  }
  return out;
}

/** The first `count` items of `sequence`, cycling through it when it is shorter. */
function cycle<T>(sequence: readonly T[], count: number): T[] {
  return Array.from({ length: count }, (_, i) => sequence[i % sequence.length]!);
}

/**
 * Selects `count` items from `items` in the configured order.
 *
 * - `interleaved`: round-robin across labels (labels in order of first appearance), so any
 *   prefix is balanced across sources.
 * - `grouped`: the same selection as `interleaved` (the workload is identical, only the order
 *   differs), arranged so each label's items are contiguous.
 * - `shuffled`: a seeded random permutation of the whole set, of which the first `count` are
 *   taken; a different `seed` therefore gives a different sample.
 *
 * When the set is smaller than `count` the ordered sequence is cycled and `repeated` is true.
 */
export function orderItems<T>(
  items: readonly T[],
  order: PromptOrder,
  count: number,
  seed: number,
  labelOf: (item: T) => string,
): OrderedSelection<T> {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a non-negative integer, got ${count}`);
  if (items.length === 0) {
    if (count > 0) throw new RangeError('cannot select prompts from an empty set');
    return { items: [], repeated: false };
  }
  const repeated = count > items.length;
  if (order === 'shuffled') {
    const permuted = shuffle(items, createRng(`${seed}:dataset-order`));
    return { items: cycle(permuted, count), repeated };
  }
  const selection = cycle(roundRobin(items, labelOf), count);
  if (order === 'interleaved') return { items: selection, repeated };
  return { items: groupsOf(selection, labelOf).flat(), repeated };
}
