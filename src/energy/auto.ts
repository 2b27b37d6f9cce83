import { LlemError } from '../core/errors.js';
import type {
  EnergyProbe,
  EnergyReading,
  EnergyScope,
  EnergySession,
  EnergySource,
  EnergyStartOptions,
} from './source.js';

/** Why one candidate was or was not chosen. */
export interface SourceDecision {
  source: string;
  chosen: boolean;
  /** The probe's reason plus the selection rule that applied. */
  reason: string;
}

/** The outcome of choosing energy sources: the winners, and every probe with its reason. */
export interface SourceSelection {
  /** Sources to start, in priority order. */
  selected: EnergySource[];
  /** The probe of every source tried, in candidate order (winners and losers). */
  probes: EnergyProbe[];
  /** Names of the selected sources. */
  chosen: string[];
  /** One decision per probed source, saying why it won or lost. */
  decisions: SourceDecision[];
}

/** A source whose figures are estimates declares the `estimate` scope (a capability, not a name). */
function isEstimate(s: EnergySource): boolean {
  return s.scopes.includes('estimate');
}

/** Probes one source; a probe that breaks its never-throw promise is reported, not propagated. */
async function safeProbe(s: EnergySource): Promise<EnergyProbe> {
  try {
    return await s.probe();
  } catch (e) {
    return {
      source: s.name,
      available: false,
      reason: `probe threw: ${e instanceof Error ? e.message : String(e)}`,
      devices: [],
    };
  }
}

/** Scopes a source would actually cover here: those of the devices it found, else those it declares. */
function coveredScopes(s: EnergySource, p: EnergyProbe): EnergyScope[] {
  const found = [...new Set(p.devices.map((d) => d.scope))];
  return found.length > 0 ? found : [...s.scopes];
}

/**
 * The auto rule, as a pure function of the probes (candidate order = priority): each available
 * measured source is chosen when it adds a scope not yet covered; the estimate only when no
 * chosen source covers the CPU (`cpu` or `node`). `llem doctor` shows these decisions.
 */
export function chooseAuto(
  candidates: readonly EnergySource[],
  probes: readonly EnergyProbe[],
): SourceDecision[] {
  const decisions: SourceDecision[] = probes.map((p) => ({
    source: p.source,
    chosen: false,
    reason: p.reason,
  }));
  const covered = new Map<EnergyScope, string>();
  candidates.forEach((s, i) => {
    const p = probes[i]!;
    const d = decisions[i]!;
    if (!p.available || isEstimate(s)) return;
    const scopes = coveredScopes(s, p);
    const fresh = scopes.filter((sc) => !covered.has(sc));
    if (fresh.length === 0) {
      const by = [...new Set(scopes.map((sc) => covered.get(sc)))].join(', ');
      d.reason = `available, but not needed: its scopes (${scopes.join(', ')}) are already covered by ${by}`;
      return;
    }
    for (const sc of fresh) covered.set(sc, s.name);
    d.chosen = true;
    d.reason = `chosen for ${fresh.join(', ')}: ${p.reason}`;
  });
  const cpuBy = covered.get('cpu') ?? covered.get('node');
  candidates.forEach((s, i) => {
    const p = probes[i]!;
    const d = decisions[i]!;
    if (!p.available || !isEstimate(s)) return;
    if (cpuBy !== undefined) {
      d.reason = `available, but not needed: ${cpuBy} measures the CPU`;
      return;
    }
    d.chosen = true;
    d.reason = `chosen because no measured source covers the CPU: ${p.reason}`;
  });
  return decisions;
}

/** Throws the one error that lists every problem with an explicit source list. */
function explicitFailure(problems: { source: string; reason: string }[], probes: EnergyProbe[]): LlemError {
  const lines = problems.map((p) => `energy source "${p.source}" ${p.reason}`);
  const head =
    lines.length === 1
      ? lines[0]!
      : `${lines.length} energy sources cannot be used:\n  ${lines.join('\n  ')}`;
  return new LlemError(
    'ERR_ENERGY_UNAVAILABLE',
    `${head}\nFix: remove it from measurement.energy.sources, fix the cause above, or use sources: auto`,
    {
      details: {
        problems,
        probes: probes.map((p) => ({ source: p.source, available: p.available, reason: p.reason })),
      },
    },
  );
}

/**
 * Chooses energy sources. With `auto`, every candidate is probed in order and each available
 * measured source is chosen when it adds a scope not already covered by an earlier one (NVML gpu
 * and RAPL cpu/dram together); an estimate source is chosen only when no chosen measured source
 * covers the CPU (`cpu` or `node`). With an explicit list, each named source must exist and be
 * available, else one `ERR_ENERGY_UNAVAILABLE` names every failing source, its probe reason and
 * the fix. `auto` with nothing available also throws, listing every probe.
 */
export async function selectSources(
  candidates: readonly EnergySource[],
  wanted: 'auto' | readonly string[],
): Promise<SourceSelection> {
  if (wanted === 'auto') {
    const probes = await Promise.all(candidates.map(safeProbe));
    const decisions = chooseAuto(candidates, probes);
    const selected = candidates.filter((_, i) => decisions[i]!.chosen);
    if (selected.length === 0) {
      throw new LlemError(
        'ERR_ENERGY_UNAVAILABLE',
        `no energy source can measure here:\n  ${decisions.map((d) => `${d.source}: ${d.reason}`).join('\n  ') || '(no sources registered)'}`,
        {
          details: {
            probes: probes.map((p) => ({ source: p.source, available: p.available, reason: p.reason })),
          },
        },
      );
    }
    return { selected, probes, chosen: selected.map((s) => s.name), decisions };
  }

  const names = [...new Set(wanted)];
  const known = candidates.map((c) => c.name);
  const problems: { source: string; reason: string }[] = [];
  if (names.length === 0) problems.push({ source: '(none)', reason: 'list is empty' });
  const listed: EnergySource[] = [];
  for (const n of names) {
    const s = candidates.find((c) => c.name === n);
    if (s) listed.push(s);
    else problems.push({ source: n, reason: `is unknown; known sources: ${known.join(', ') || '(none)'}` });
  }
  const probes = await Promise.all(listed.map(safeProbe));
  const decisions = probes.map((p) => ({
    source: p.source,
    chosen: p.available,
    reason: p.available ? `chosen because it was listed: ${p.reason}` : p.reason,
  }));
  probes.forEach((p, i) => {
    if (!p.available)
      problems.push({ source: listed[i]!.name, reason: `is not available here: ${p.reason}` });
  });
  if (problems.length > 0) throw explicitFailure(problems, probes);
  return { selected: listed, probes, chosen: listed.map((s) => s.name), decisions };
}

/**
 * Starts every selected source with the same options and returns one handle: `livePowerW` is
 * the live power of the highest-priority source that has one (scopes are never summed, even
 * for display), and `stop` stops them all and returns every source's readings (one per scope), in source order. If a
 * source fails to start, the ones already started are stopped and the error is rethrown.
 */
export async function startSources(
  selected: readonly EnergySource[],
  o: EnergyStartOptions,
): Promise<{ livePowerW(): number | undefined; stop(): Promise<EnergyReading[]> }> {
  const started = await Promise.allSettled(selected.map((s) => s.start(o)));
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const sessions = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failure) {
    await Promise.allSettled(sessions.map((s) => s.stop()));
    throw failure.reason;
  }
  let stopped: Promise<EnergyReading[]> | undefined;
  return {
    livePowerW: () => {
      for (const s of sessions) {
        const w = s.livePowerW();
        if (w !== undefined) return w;
      }
      return undefined;
    },
    stop: () => {
      stopped ??= stopAll(sessions);
      return stopped;
    },
  };
}

/** Stops every session even when one fails; rethrows the first failure after all have stopped. Readings come flat, in source order. */
async function stopAll(sessions: readonly EnergySession[]): Promise<EnergyReading[]> {
  const results = await Promise.allSettled(sessions.map((s) => s.stop()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.flatMap((r) => (r as PromiseFulfilledResult<EnergyReading[]>).value);
}
