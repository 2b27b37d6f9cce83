import { LlemError } from '../../core/errors.js';
import { deviceWindowFigures } from '../device-reading.js';
import type { PowerPoint } from '../integrate.js';
import { expectedSampleCount } from '../sampler.js';
import type {
  AccuracyClass,
  DeviceEnergy,
  EnergyProbe,
  EnergyReading,
  EnergySession,
  EnergySource,
  EnergyStartOptions,
} from '../source.js';
import { combineQuadrature, type UncertaintyTerm } from '../uncertainty.js';
import { findExecutable, type MeterProcess, startMeter } from './meter-process.js';
import { DEFAULT_METER_DEVICE, parseMeterLine } from './parse.js';

/** Options of the `command` source. */
export interface CommandOptions {
  /** `measurement.energy.command`: the meter program and its arguments (no shell). */
  argv?: readonly string[] | undefined;
  /** How long `start` waits for the first reading, ms (default max(5 s, 10 intervals)). */
  firstReadingTimeoutMs?: number;
  /** `measurement.energy.command_accuracy_pct`: the meter's accuracy, ± % of reading (default: 10 % assumed). */
  accuracyPct?: number;
}

/** The meter's calibration class: from config, else ±10 % assumed (and said so). */
export function commandAccuracy(accuracyPct: number | undefined): AccuracyClass {
  return accuracyPct === undefined
    ? {
        fraction: 0.1,
        basis:
          "external meter: accuracy not configured; ±10 % assumed (set measurement.energy.command_accuracy_pct from the meter's datasheet)",
      }
    : {
        fraction: accuracyPct / 100,
        basis: `external meter: ±${accuracyPct} % (measurement.energy.command_accuracy_pct)`,
      };
}

/** A gap longer than this many intervals is a silence, reported and bounded in the uncertainty. */
const SILENT_INTERVALS = 3;

const unavailable = (reason: string) =>
  new LlemError('ERR_ENERGY_UNAVAILABLE', `energy source "command" cannot measure here: ${reason}`, {
    details: { source: 'command' },
  });

/**
 * The `command` source (scope `node`): an external meter (IPMI, Redfish, a PDU, a wall meter)
 * read through a user command that prints watts, one reading per line, optionally with a device
 * label (`412.5` or `412.5 psu1`), about every `sample_interval_ms` (passed to it as
 * `LLEM_SAMPLE_INTERVAL_MS`). Energy is the trapezoidal integral per device, summed. Scope is
 * `node` because such a meter sees the whole machine. Its exit, garbage lines and silences are
 * reported in the reading's notes and show in telemetry coverage; it is killed on stop.
 */
export function createCommandSource(o: CommandOptions = {}): EnergySource {
  const argv = o.argv;
  const probe = async (): Promise<EnergyProbe> => {
    if (argv === undefined || argv.length === 0) {
      return {
        source: 'command',
        available: false,
        reason:
          'no command configured: set measurement.energy.command to the argv of a program that prints watts, one line per reading (e.g. a wrapper around ipmitool dcmi power reading)',
        devices: [],
      };
    }
    const exe = await findExecutable(argv[0]!);
    if (exe === undefined) {
      return {
        source: 'command',
        available: false,
        reason: `measurement.energy.command: ${argv[0]} is not an executable file${argv[0]!.includes('/') ? '' : ' on PATH'}`,
        devices: [],
      };
    }
    return {
      source: 'command',
      available: true,
      reason: `runs ${JSON.stringify(argv)} (${exe}) and integrates the watts it prints (its output is checked at start)`,
      devices: [{ id: DEFAULT_METER_DEVICE, name: `external meter (${argv[0]})`, scope: 'node' }],
    };
  };
  return {
    name: 'command',
    scopes: ['node'],
    probe,
    async start(so) {
      const p = await probe();
      if (!p.available) throw unavailable(p.reason);
      return startCommandSession(
        argv!,
        so,
        o.firstReadingTimeoutMs ?? Math.max(5000, 10 * so.sampleIntervalMs),
        commandAccuracy(o.accuracyPct),
      );
    },
  };
}

/** Runs the meter; resolves once its first reading arrived (the window's first edge). */
async function startCommandSession(
  argv: readonly string[],
  so: EnergyStartOptions,
  timeoutMs: number,
  accuracy: AccuracyClass,
): Promise<EnergySession> {
  const points = new Map<string, PowerPoint[]>();
  const garbage: string[] = [];
  let garbageCount = 0;
  let open = true;
  let first: () => void = () => {};
  const firstReading = new Promise<void>((r) => {
    first = r;
  });
  const meter: MeterProcess = startMeter(argv, so.sampleIntervalMs, (line) => {
    if (!open) return;
    const parsed = parseMeterLine(line);
    if (parsed === undefined) return;
    if (typeof parsed === 'string') {
      garbageCount++;
      if (garbage.length < 3) garbage.push(parsed);
      return;
    }
    const list = points.get(parsed.device) ?? [];
    list.push({ tMs: so.clock.nowMs(), powerW: parsed.powerW });
    points.set(parsed.device, list);
    first();
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    firstReading.then(() => 'ok' as const),
    meter.exit.then((how) => `the meter command ${how} before printing a reading` as const),
    new Promise<string>((r) => {
      timer = setTimeout(
        () => r(`the meter command printed no reading within ${(timeoutMs / 1000).toFixed(1)} s`),
        timeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ok') {
    await meter.kill();
    const extra = [
      garbageCount > 0 ? `unparsable output: ${garbage.join('; ')}` : '',
      meter.stderrTail().length > 0 ? `stderr: ${meter.stderrTail().join(' | ')}` : '',
    ].filter((x) => x !== '');
    throw unavailable(`${outcome}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`);
  }
  const t0 = [...points.values()][0]![0]!.tMs;
  const exitedAt: { tMs?: number } = {};
  void meter.exit.then(() => {
    if (open) exitedAt.tMs = so.clock.nowMs();
  });
  let t1: number | undefined;
  const close = () => {
    if (t1 !== undefined) return;
    t1 = so.clock.nowMs();
    open = false;
    void meter.kill();
  };
  so.signal?.addEventListener('abort', close, { once: true });
  if (so.signal?.aborted) close();
  let result: Promise<EnergyReading[]> | undefined;
  const finish = async (): Promise<EnergyReading[]> => {
    const aborted = t1 !== undefined;
    close();
    so.signal?.removeEventListener('abort', close);
    await meter.kill();
    const notes: string[] = [];
    if (aborted) notes.push('measurement was aborted; the window ends at the abort');
    if (exitedAt.tMs !== undefined) {
      const tail = meter.stderrTail();
      notes.push(
        `the meter command ${meter.exited()} ${((exitedAt.tMs - t0) / 1000).toFixed(2)} s into the window; its last reading is held to the end${tail.length > 0 ? ` (stderr: ${tail.join(' | ')})` : ''}`,
      );
    }
    if (garbageCount > 0)
      notes.push(`${garbageCount} unparsable line(s) from the meter command, e.g. ${garbage.join('; ')}`);
    return [{ ...meterReading(points, t0, t1!, so.sampleIntervalMs, notes), accuracy }];
  };
  return {
    livePowerW: () => {
      const last = [...points.values()].map((l) => l[l.length - 1]!.powerW);
      return last.length > 0 ? last.reduce((a, b) => a + b, 0) : undefined;
    },
    stop: () => {
      result ??= finish();
      return result;
    },
  };
}

/** Silences in one device's series (gaps over SILENT_INTERVALS intervals, the tail included), seconds. */
function silences(
  list: readonly PowerPoint[],
  t1: number,
  intervalMs: number,
): { fromMs: number; s: number }[] {
  const limit = SILENT_INTERVALS * intervalMs;
  const out: { fromMs: number; s: number }[] = [];
  const times = [...list.map((p) => p.tMs), t1];
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap > limit) out.push({ fromMs: times[i - 1]!, s: gap / 1000 });
  }
  return out;
}

/** The `node` reading: each device integrated over [t0, t1], silences bounded by peak power × silent time. */
function meterReading(
  points: ReadonlyMap<string, PowerPoint[]>,
  t0: number,
  t1: number,
  intervalMs: number,
  notes: string[],
): Omit<EnergyReading, 'accuracy'> {
  const terms: UncertaintyTerm[] = [];
  const devices: DeviceEnergy[] = [];
  for (const [device, list] of points) {
    const f = deviceWindowFigures({ device, scope: 'node', t0Ms: t0, t1Ms: t1, points: list });
    terms.push(...f.terms);
    notes.push(...f.notes);
    let silentJ = 0;
    for (const gap of silences(list, t1, intervalMs)) {
      notes.push(
        `${device}: no reading for ${gap.s.toFixed(2)} s from ${((gap.fromMs - t0) / 1000).toFixed(2)} s into the window`,
      );
      silentJ += f.energy.peakPowerW * gap.s;
    }
    if (silentJ > 0)
      terms.push({ label: `${device} silent meter (peak power × silent time)`, valueJ: silentJ });
    devices.push({ ...f.energy, uncertaintyJ: Math.hypot(f.energy.uncertaintyJ, silentJ) });
  }
  const combined = combineQuadrature(terms);
  const durationS = Math.max(0, (t1 - t0) / 1000);
  return {
    source: 'command',
    scope: 'node',
    method: 'integrated',
    energyJ: devices.reduce((a, d) => a + d.energyJ, 0),
    uncertaintyJ: combined.uncertaintyJ,
    uncertaintyBasis: combined.basis,
    durationS,
    devices,
    samples: [...points]
      .flatMap(([device, list]) =>
        list.filter((p) => p.tMs <= t1).map((p) => ({ tMs: p.tMs, device, powerW: p.powerW })),
      )
      .sort((a, b) => a.tMs - b.tMs),
    expectedSamples: expectedSampleCount(durationS, intervalMs, points.size),
    notes,
  };
}
