// Acceptance tests of the analysis (issue 9) on synthetic studies with a planted truth.
import { describe, expect, it } from 'vitest';
import { failRun, invalidate, type Levels, syntheticStudy } from '../../test/helpers/synthetic-records.js';
import { LlemError } from '../core/errors.js';
import { analyse } from './analyse.js';

const threads = (l: Levels) => l['llamacpp.threads'] as number;
const energyOf = (a: ReturnType<typeof analyse>, scope = 0) =>
  a.scopes[scope]!.metrics.find((m) => m.metric === 'j_per_output_token')!;

/** threads has a planted effect (+4 % J/token per doubling); n_seq and dataset.order do nothing. */
function plantedStudy(seed: number, cycles = 3, perDoubling = 0.04, noiseCv = 0.05) {
  return syntheticStudy({
    factors: { 'llamacpp.threads': [1, 2, 4, 8], 'llamacpp.n_seq': [1, 4], 'dataset.order': ['a', 'b'] },
    cycles,
    seed,
    noiseCv,
    jPerToken: (l) => 0.05 * (1 + perDoubling * Math.log2(threads(l))),
  });
}

describe('analyse: acceptance on studies with a known truth', () => {
  it('ranks the factor with the planted effect first in ≥ 99 % of seeds', () => {
    const seeds = 200;
    let first = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const s = plantedStudy(seed);
      const a = analyse(s.records, { experiments: s.experiments, resamples: 100, seed });
      if (energyOf(a).factors[0]!.factor === 'llamacpp.threads') first++;
    }
    expect(first / seeds).toBeGreaterThanOrEqual(0.99);
  });

  it("covers zero with a null factor's interval in ≥ 95 % of seeds", () => {
    // The contrast of dataset.order b against a: truly zero. 300 seeds, 1000 resamples each.
    const seeds = 300;
    let covered = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const s = syntheticStudy({
        factors: { 'llamacpp.threads': [1, 2, 4, 8], 'dataset.order': ['a', 'b'] },
        cycles: 3,
        seed: `null:${seed}`,
        jPerToken: (l) => 0.05 * (1 + 0.1 * Math.log2(threads(l))),
      });
      const a = analyse(s.records, { experiments: s.experiments, seed });
      const contrast = energyOf(a).factors.find((f) => f.factor === 'dataset.order')!.contrasts[0]!;
      if (contrast.ci_low! <= 0 && contrast.ci_high! >= 0) covered++;
    }
    expect(covered / seeds).toBeGreaterThanOrEqual(0.95);
  });

  it('detects an interaction planted between two factors, and not one between null factors', () => {
    // More threads save energy only with 4 sequences: a threads × n_seq interaction.
    const seeds = 60;
    let detected = 0;
    let falseAlarms = 0;
    for (let seed = 0; seed < seeds; seed++) {
      const s = syntheticStudy({
        factors: { 'llamacpp.threads': [1, 2, 4, 8], 'llamacpp.n_seq': [1, 4], 'dataset.order': ['a', 'b'] },
        cycles: 3,
        seed: `interaction:${seed}`,
        jPerToken: (l) => 0.05 * (l['llamacpp.n_seq'] === 4 ? 1 - 0.05 * Math.log2(threads(l)) : 1),
      });
      const e = energyOf(analyse(s.records, { experiments: s.experiments, resamples: 100, seed }));
      const pair = (a: string, b: string) =>
        e.interactions.find((i) => i.factors.includes(a) && i.factors.includes(b))!;
      if (pair('llamacpp.threads', 'llamacpp.n_seq').significant) detected++;
      if (pair('llamacpp.n_seq', 'dataset.order').significant) falseAlarms++;
      expect(e.interactions[0]!.factors).toEqual(['llamacpp.threads', 'llamacpp.n_seq']);
    }
    expect(detected / seeds).toBeGreaterThanOrEqual(0.95);
    expect(falseAlarms / seeds).toBeLessThanOrEqual(0.15);
  });
});

describe('analyse: the answer', () => {
  // A clear effect (+10 % per doubling of threads, 3 % noise) so every statement below is certain.
  const s = plantedStudy(1, 3, 0.1, 0.03);
  const a = analyse(s.records, { experiments: s.experiments });

  it('ranks factors in a one-sentence headline naming the scope', () => {
    expect(a.scope).toBe('gpu');
    expect(a.headline).toMatch(
      /^llamacpp\.threads matters most for J\/output token \(gpu scope\): 1\.\d\d× between its levels, lowest at 1 \(partial η² 0\.\d\d\); /,
    );
    expect(a.headline).toMatch(/not significant/);
    expect(a.runs).toEqual({ total: 48, included: 48, excluded: 0 });
  });

  it('gives level means with intervals, effect size and both shares of variance', () => {
    const t = energyOf(a).factors[0]!;
    expect(t.levels.map((l) => l.level)).toEqual(['1', '2', '4', '8']);
    expect(t.levels[0]!.n).toBe(12);
    for (const l of t.levels) expect(l.ci_low! < l.mean! && l.mean! < l.ci_high!).toBe(true);
    expect(t.ratio).toBeCloseTo(t.levels[3]!.mean! / t.levels[0]!.mean!, 12);
    expect(t.range).toBeCloseTo(t.levels[3]!.mean! - t.levels[0]!.mean!, 12);
    expect(t.share_basis).toBe('partial_eta_squared');
    expect(t.eta_squared).toBeGreaterThan(0.5);
    expect(t.partial_eta_squared).toBeGreaterThanOrEqual(t.eta_squared!);
    expect(t.significant).toBe(true);
    expect(t.contrasts.map((c) => c.significant)).toEqual([true, true, true]);
  });

  it('analyses throughput and p99 latency too, and gives both Pareto frontiers', () => {
    expect(a.scopes[0]!.metrics.map((m) => m.metric)).toEqual([
      'j_per_output_token',
      'output_tokens_per_s',
      'ttft_queued_p99_ms',
      'e2e_queued_p99_ms',
    ]);
    const fronts = a.scopes[0]!.pareto;
    expect(fronts.map((p) => p.y_metric)).toEqual([
      'output_tokens_per_s',
      'ttft_queued_p99_ms',
      'e2e_queued_p99_ms',
    ]);
    const best = [...a.scopes[0]!.configurations].sort(
      (x, y) => x.means.j_per_output_token! - y.means.j_per_output_token!,
    )[0]!;
    expect(fronts[0]!.frontier[0]!.config_hash).toBe(best.config_hash);
  });

  it('compares every configuration with the reference and says plainly when it is not significant', () => {
    const e = energyOf(a);
    expect(e.reference!.config_hash).toBe(s.experiments[0]!.config_hash);
    expect(e.comparisons).toHaveLength(15);
    const sameThreads = e.comparisons.find((c) => c.label === 'threads1-n_seq4-ordera')!;
    expect(sameThreads.verdict).toMatch(/^not significant \(p = /);
    expect(sameThreads.significant).toBe(false);
    const eight = e.comparisons.find((c) => c.label === 'threads8-n_seq1-ordera')!;
    expect(eight.verdict).toMatch(/higher than the reference/);
    expect(eight.ci_low! > 0).toBe(true);
  });

  it('is JSON-safe and deterministic', () => {
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(analyse(s.records, { experiments: s.experiments })).toEqual(a);
  });

  it('derives the same factors from the records when no plan is given', () => {
    const derived = analyse(s.records);
    expect(
      energyOf(derived)
        .factors.map((f) => f.factor)
        .sort(),
    ).toEqual(['dataset.order', 'llamacpp.n_seq', 'llamacpp.threads']);
    expect(derived.headline).toBe(a.headline);
  });

  it('takes a named reference and refuses an unknown one', () => {
    const b = analyse(s.records, {
      experiments: s.experiments,
      reference: 'threads8-n_seq4-orderb',
      resamples: 100,
    });
    expect(energyOf(b).reference!.label).toBe('threads8-n_seq4-orderb');
    expect(() => analyse(s.records, { reference: 'nope' })).toThrow(LlemError);
  });
});

describe('analyse: designs with limits', () => {
  it('single cycle: no intervals or tests, and says so', () => {
    const s = plantedStudy(3, 1);
    const a = analyse(s.records, { experiments: s.experiments, resamples: 100 });
    const t = energyOf(a).factors[0]!;
    expect(t.levels[0]!.ci_low).toBeNull();
    expect(t.p_value).toBeNull();
    expect(t.share_basis).toBe('eta_squared');
    expect(energyOf(a).interactions.every((i) => i.p_value === null)).toBe(true);
    expect(a.limitations.join(' ')).toMatch(/one valid cycle, so no confidence intervals or tests/);
  });

  it('failed and invalid runs: counted, listed with the reason, excluded; the design falls back to one-way η²', () => {
    const s = plantedStudy(4);
    const records = s.records.map((r, i) => (i === 0 ? failRun(r) : i === 5 ? invalidate(r) : r));
    const a = analyse(records, { experiments: s.experiments, resamples: 100 });
    expect(a.runs).toEqual({ total: 48, included: 46, excluded: 2 });
    expect(a.excluded.map((e) => [e.kind, e.label, e.cycle])).toEqual([
      ['failed', 'threads1-n_seq1-ordera', 1],
      ['invalid', 'threads1-n_seq1-orderb', 3],
    ]);
    expect(a.excluded[1]!.reason).toMatch(/min_window: window 2\.1 s/);
    const e = energyOf(a);
    expect(e.design.factorial).toBe(false);
    expect(e.design.reason).toBe('valid cycles per configuration range from 2 to 3');
    expect(e.factors.every((f) => f.share_basis === 'eta_squared' && f.partial_eta_squared === null)).toBe(
      true,
    );
    expect(e.interactions).toEqual([]);
    const text = a.limitations.join(' ');
    expect(text).toMatch(
      /not a balanced full factorial \(valid cycles per configuration range from 2 to 3\)/,
    );
    expect(text).toMatch(/2 of 48 runs were excluded \(1 failed, 1 invalid\)/);
    expect(text).toMatch(/With 2 valid cycles in a configuration the bootstrap intervals run narrow/);
  });

  it('never mixes scopes: each is analysed on its own and the headline names its scope', () => {
    const s = plantedStudy(5);
    // Third cycles measured in another scope, with figures ten times larger.
    const records = s.records.map((r) =>
      r.cycle === 3
        ? {
            ...r,
            metrics: {
              ...r.metrics!,
              energy_scope: 'cpu',
              j_per_output_token: r.metrics!.j_per_output_token! * 10,
            },
          }
        : r,
    );
    const a = analyse(records, { experiments: s.experiments, resamples: 100 });
    expect(a.scopes.map((x) => x.scope)).toEqual(['gpu', 'cpu']);
    expect(a.scopes[0]!.runs_included).toBe(32);
    const gpuMeans = energyOf(a, 0).factors[0]!.levels.map((l) => l.mean!);
    const cpuMeans = energyOf(a, 1).factors[0]!.levels.map((l) => l.mean!);
    expect(Math.max(...gpuMeans)).toBeLessThan(0.1);
    expect(Math.min(...cpuMeans)).toBeGreaterThan(0.4);
    expect(a.limitations.join(' ')).toMatch(/2 scopes \(gpu, cpu\); each is analysed on its own/);
  });

  it('estimate scope with nearly constant power: says energy differences reflect throughput only', () => {
    // Power = J/token × tokens/s = 20 W for every configuration.
    const tps = (l: Levels) => 40 * threads(l);
    const make = (power: (l: Levels) => number) =>
      syntheticStudy({
        factors: { 'llamacpp.threads': [1, 2, 4] },
        cycles: 3,
        seed: 6,
        scope: 'estimate',
        noiseCv: 0.01,
        tokensPerS: tps,
        jPerToken: (l) => power(l) / tps(l),
      });
    const flat = make(() => 20);
    const a = analyse(flat.records, { experiments: flat.experiments, resamples: 100 });
    expect(a.scopes[0]!.energy_reflects_throughput_only).toBe(true);
    expect(a.limitations.join(' ')).toMatch(
      /differences in J\/output token reflect throughput differences only/,
    );
    const rising = make((l) => 20 * threads(l) ** 0.5);
    const b = analyse(rising.records, { experiments: rising.experiments, resamples: 100 });
    expect(b.scopes[0]!.energy_reflects_throughput_only).toBe(false);
  });

  it('without energy figures, ranks on throughput and says so', () => {
    const s = plantedStudy(7);
    const records = s.records.map((r) => ({
      ...r,
      metrics: { ...r.metrics!, energy_scope: null, j_per_output_token: null },
    }));
    const a = analyse(records, { experiments: s.experiments, resamples: 100 });
    expect(a.scope).toBeNull();
    expect(a.headline).toMatch(/for output tokens\/s \(no energy scope\)/);
    expect(a.limitations.join(' ')).toMatch(/no energy per output token/);
  });

  it('no valid runs: says there is nothing to analyse', () => {
    const s = plantedStudy(8);
    const a = analyse(s.records.map(failRun), { resamples: 100 });
    expect(a.headline).toBe('No valid runs: nothing to analyse.');
    expect(a.excluded).toHaveLength(48);
  });
});
