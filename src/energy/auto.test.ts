// Fake energy sources are the only mocks in this file (allowed by the brief: the auto chain is
// logic over the EnergySource interface, and the real NVML/RAPL sources do not exist here yet).
// One test runs the real estimate source through the chain.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { isLlemError, LlemError } from '../core/errors.js';
import { selectSources, startSources } from './auto.js';
import { createEstimateSource } from './estimate/estimate-source.js';
import type { EnergyReading, EnergyScope, EnergySource } from './source.js';

interface FakeOptions {
  available?: boolean;
  reason?: string;
  /** Scopes of the devices the probe finds (default: the declared scopes). */
  found?: EnergyScope[];
  probeThrows?: boolean;
  startThrows?: boolean;
  stopThrows?: boolean;
  liveW?: number;
}

/** A fake source that records what was done to it. */
function fake(name: string, scopes: EnergyScope[], o: FakeOptions = {}) {
  const log = { probes: 0, starts: 0, stops: 0 };
  const source: EnergySource = {
    name,
    scopes,
    async probe() {
      log.probes += 1;
      if (o.probeThrows) throw new Error('driver exploded');
      const available = o.available ?? true;
      return {
        source: name,
        available,
        reason: o.reason ?? (available ? `${name} works here` : `${name} is missing; install it`),
        devices: available ? (o.found ?? scopes).map((scope, i) => ({ id: `${name}${i}`, name, scope })) : [],
      };
    },
    async start() {
      log.starts += 1;
      if (o.startThrows) throw new LlemError('ERR_ENERGY_UNAVAILABLE', `${name} failed to start`);
      return {
        livePowerW: () => o.liveW,
        stop: async (): Promise<EnergyReading[]> => {
          log.stops += 1;
          if (o.stopThrows) throw new Error(`${name} stop failed`);
          return [
            {
              source: name,
              scope: scopes[0]!,
              method: 'counter',
              energyJ: 1,
              uncertaintyJ: 0,
              uncertaintyBasis: 'fake',
              accuracy: { fraction: 0.05, basis: 'test class' },
              durationS: 1,
              devices: [],
              samples: [],
              expectedSamples: 0,
              notes: [],
            },
          ];
        },
      };
    },
  };
  return { source, log };
}

const machine = () => ({
  nvml: fake('nvml', ['gpu']),
  rapl: fake('rapl', ['cpu', 'dram']),
  amdgpu: fake('amdgpu', ['gpu'], {
    available: false,
    reason: 'no /sys/class/drm/card*/device/hwmon: no AMD GPU',
  }),
  command: fake('command', ['node'], {
    available: false,
    reason: 'no command configured (measurement.energy.command)',
  }),
  estimate: fake('estimate', ['estimate']),
});
const order = (m: ReturnType<typeof machine>) =>
  [m.nvml, m.rapl, m.amdgpu, m.command, m.estimate].map((f) => f.source);

describe('selectSources(auto)', () => {
  it('chooses every measured source that adds a scope, and records why each loser lost', async () => {
    const m = machine();
    const sel = await selectSources(order(m), 'auto');
    expect(sel.chosen).toEqual(['nvml', 'rapl']);
    expect(sel.selected).toEqual([m.nvml.source, m.rapl.source]);
    expect(sel.probes.map((p) => p.source)).toEqual(['nvml', 'rapl', 'amdgpu', 'command', 'estimate']);
    const why = Object.fromEntries(sel.decisions.map((d) => [d.source, d.reason]));
    expect(why.nvml).toMatch(/chosen for gpu/);
    expect(why.rapl).toMatch(/chosen for cpu, dram/);
    expect(why.amdgpu).toMatch(/no AMD GPU/);
    expect(why.command).toMatch(/no command configured/);
    expect(why.estimate).toMatch(/not needed: rapl measures the CPU/);
  });

  it('skips a measured source whose scopes are already covered by an earlier one', async () => {
    const m = machine();
    const amd = fake('amdgpu', ['gpu']);
    const sel = await selectSources([m.nvml.source, amd.source], 'auto');
    expect(sel.chosen).toEqual(['nvml']);
    expect(sel.decisions[1]).toEqual({
      source: 'amdgpu',
      chosen: false,
      reason: 'available, but not needed: its scopes (gpu) are already covered by nvml',
    });
  });

  it('adds the estimate when no measured source covers the CPU (GPU-only machine)', async () => {
    const m = machine();
    const rapl = fake('rapl', ['cpu', 'dram'], { available: false, reason: 'energy_uj is root-only' });
    const sel = await selectSources([m.nvml.source, rapl.source, m.estimate.source], 'auto');
    expect(sel.chosen).toEqual(['nvml', 'estimate']);
    expect(sel.decisions[2]!.reason).toMatch(/no measured source covers the CPU/);
  });

  it('falls back to the estimate alone when nothing measured is available', async () => {
    const sel = await selectSources(
      [fake('nvml', ['gpu'], { available: false }).source, fake('estimate', ['estimate']).source],
      'auto',
    );
    expect(sel.chosen).toEqual(['estimate']);
  });

  it('a node-scope meter covers the CPU, so the estimate is not needed', async () => {
    const sel = await selectSources(
      [fake('command', ['node']).source, fake('estimate', ['estimate']).source],
      'auto',
    );
    expect(sel.chosen).toEqual(['command']);
  });

  it('judges coverage by the devices a probe found, not only the declared scopes', async () => {
    const raplPkgOnly = fake('rapl', ['cpu', 'dram'], { found: ['cpu'] });
    const dramMeter = fake('dram-meter', ['dram']);
    const sel = await selectSources([raplPkgOnly.source, dramMeter.source], 'auto');
    expect(sel.chosen).toEqual(['rapl', 'dram-meter']);
  });

  it('records a probe that throws as unavailable instead of failing', async () => {
    const broken = fake('nvml', ['gpu'], { probeThrows: true });
    const sel = await selectSources([broken.source, fake('estimate', ['estimate']).source], 'auto');
    expect(sel.probes[0]).toMatchObject({
      source: 'nvml',
      available: false,
      reason: 'probe threw: driver exploded',
    });
    expect(sel.chosen).toEqual(['estimate']);
  });

  it('throws ERR_ENERGY_UNAVAILABLE listing every reason when nothing can measure', async () => {
    const m = machine();
    const none = [m.amdgpu.source, m.command.source];
    const err = await selectSources(none, 'auto').catch((e: unknown) => e);
    expect(isLlemError(err, 'ERR_ENERGY_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/amdgpu: no \/sys/);
    expect((err as Error).message).toMatch(/command: no command configured/);
  });
});

describe('selectSources(explicit list)', () => {
  it('uses exactly the listed sources, in list order, and probes nothing else', async () => {
    const m = machine();
    const sel = await selectSources(order(m), ['estimate', 'nvml', 'estimate']);
    expect(sel.chosen).toEqual(['estimate', 'nvml']);
    expect(m.rapl.log.probes).toBe(0);
    expect(sel.decisions.every((d) => d.chosen && d.reason.startsWith('chosen because it was listed'))).toBe(
      true,
    );
  });

  it('fails with the source, its probe reason and the fix when a listed source is unavailable', async () => {
    const m = machine();
    const err = await selectSources(order(m), ['amdgpu']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlemError);
    expect((err as LlemError).constructor.name).toBe('LlemError');
    expect(isLlemError(err, 'ERR_ENERGY_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toBe(
      'energy source "amdgpu" is not available here: no /sys/class/drm/card*/device/hwmon: no AMD GPU\n' +
        'Fix: remove it from measurement.energy.sources, fix the cause above, or use sources: auto',
    );
  });

  it('reports unknown names with the known ones, together with every other problem', async () => {
    const m = machine();
    const err = (await selectSources(order(m), ['nmvl', 'command']).catch((e: unknown) => e)) as LlemError;
    expect(err.code).toBe('ERR_ENERGY_UNAVAILABLE');
    expect(err.message).toMatch(/2 energy sources cannot be used/);
    expect(err.message).toMatch(/"nmvl" is unknown; known sources: nvml, rapl, amdgpu, command, estimate/);
    expect(err.message).toMatch(/"command" is not available here: no command configured/);
    expect(err.details.problems).toHaveLength(2);
  });
});

describe('startSources', () => {
  it('starts all, stops all and returns one reading each, in order; live power from the first with a value', async () => {
    const a = fake('nvml', ['gpu']);
    const b = fake('rapl', ['cpu', 'dram'], { liveW: 42 });
    const h = await startSources([a.source, b.source], { sampleIntervalMs: 100, clock: systemClock });
    expect(h.livePowerW()).toBe(42);
    const readings = await h.stop();
    expect(readings.map((r) => r.source)).toEqual(['nvml', 'rapl']);
    expect(await h.stop()).toBe(readings);
    expect([a.log.stops, b.log.stops]).toEqual([1, 1]);
  });

  it('stops the sources already started when another fails to start, and rethrows', async () => {
    const a = fake('nvml', ['gpu']);
    const b = fake('rapl', ['cpu'], { startThrows: true });
    const err = await startSources([a.source, b.source], { sampleIntervalMs: 100, clock: systemClock }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('rapl failed to start');
    expect(a.log.stops).toBe(1);
  });

  it('stops every source even when one stop fails, then rethrows', async () => {
    const a = fake('nvml', ['gpu'], { stopThrows: true });
    const b = fake('rapl', ['cpu']);
    const h = await startSources([a.source, b.source], { sampleIntervalMs: 100, clock: systemClock });
    await expect(h.stop()).rejects.toThrow('nvml stop failed');
    expect(b.log.stops).toBe(1);
  });

  it('runs the real estimate source through the chain on this machine', async () => {
    const sel = await selectSources(
      [fake('nvml', ['gpu'], { available: false }).source, createEstimateSource({ dramWPerGib: 0.375 })],
      'auto',
    );
    expect(sel.chosen).toEqual(['estimate']);
    const h = await startSources(sel.selected, { sampleIntervalMs: 50, clock: systemClock });
    await systemClock.sleep(120);
    const [r] = await h.stop();
    expect(r!.scope).toBe('estimate');
    expect(r!.energyJ).toBeGreaterThan(0);
  });
});
