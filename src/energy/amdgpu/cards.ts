import { join } from 'node:path';
import type { EnergyDevice } from '../source.js';
import { listDir, type ReadText, readNumber, readString } from '../sysfs.js';

/** One AMD GPU's hwmon folder and the files it offers. */
export interface AmdCard {
  /** `card0`… (the DRM card). */
  id: string;
  /** `/sys/class/drm/card0/device`. */
  deviceDir: string;
  /** `/sys/class/drm/card0/device/hwmon/hwmonN`. */
  hwmonDir: string;
  name: string;
  /** `power1_average` (older kernels, most dGPUs) or `power1_input` (newer kernels, RDNA3/APUs), µW. */
  powerFile?: string;
  /** `energy1_input`, µJ, where the kernel exposes an energy counter. */
  energyFile?: string;
  /** `power1_cap`, watts. */
  powerCapW?: number;
}

/** Cards found and why others were not usable. */
export interface AmdDiscovery {
  cards: AmdCard[];
  problems: string[];
  none?: string;
}

/** The first readable file of `names` in `dir` (readability checked, so EACCES surfaces here). */
async function firstReadable(
  read: ReadText,
  dir: string,
  names: string[],
  problems: string[],
): Promise<string | undefined> {
  for (const n of names) {
    const r = await readNumber(read, join(dir, n));
    if (r.ok) return n;
    if (r.code !== 'ENOENT') problems.push(r.message);
  }
  return undefined;
}

/**
 * Finds AMD GPUs: `card<N>` folders under `root` (`/sys/class/drm`) whose
 * `device/hwmon/hwmon*` folder is named `amdgpu` and offers power (`power1_average` or
 * `power1_input`) or an energy counter (`energy1_input`).
 */
export async function discoverAmdGpus(root: string, read: ReadText): Promise<AmdDiscovery> {
  const entries = await listDir(root);
  if (entries === undefined) {
    return { cards: [], problems: [], none: `no ${root}: no GPU driver exposes DRM cards here` };
  }
  const cards: AmdCard[] = [];
  const problems: string[] = [];
  for (const card of entries.filter((e) => /^card\d+$/.test(e))) {
    const deviceDir = join(root, card, 'device');
    for (const h of (await listDir(join(deviceDir, 'hwmon'))) ?? []) {
      const hwmonDir = join(deviceDir, 'hwmon', h);
      const name = await readString(read, join(hwmonDir, 'name'));
      if (!name.ok || name.value !== 'amdgpu') continue;
      const powerFile = await firstReadable(read, hwmonDir, ['power1_average', 'power1_input'], problems);
      const energyFile = await firstReadable(read, hwmonDir, ['energy1_input'], problems);
      if (powerFile === undefined && energyFile === undefined) {
        problems.push(`${card}: ${hwmonDir} has no readable power1_average, power1_input or energy1_input`);
        continue;
      }
      const product = await readString(read, join(deviceDir, 'product_name'));
      const cap = await readNumber(read, join(hwmonDir, 'power1_cap'));
      cards.push({
        id: card,
        deviceDir,
        hwmonDir,
        name: product.ok && product.value !== '' ? product.value : `AMD GPU ${card}`,
        ...(powerFile === undefined ? {} : { powerFile }),
        ...(energyFile === undefined ? {} : { energyFile }),
        ...(cap.ok ? { powerCapW: cap.value / 1e6 } : {}),
      });
    }
  }
  if (cards.length === 0) {
    const why = problems.length > 0 ? `: ${problems.join('; ')}` : '';
    return {
      cards,
      problems,
      none: `no AMD GPU with power telemetry: no ${root}/card*/device/hwmon/hwmon*/name reads "amdgpu"${why}`,
    };
  }
  return { cards, problems };
}

/** The probe's devices. */
export function amdDevices(cards: readonly AmdCard[]): EnergyDevice[] {
  return cards.map((c) => ({
    id: c.id,
    name: c.name,
    scope: 'gpu',
    info: {
      hwmon: c.hwmonDir,
      power_file: c.powerFile ?? null,
      energy_counter: c.energyFile !== undefined,
      method: c.energyFile !== undefined ? 'counter' : 'integrated',
      power_limit_w: c.powerCapW ?? null,
    },
  }));
}
