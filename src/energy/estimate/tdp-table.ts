/** Published package figures for one CPU model. */
export interface CpuSpec {
  /** Model as the vendor names it (without the vendor), e.g. `EPYC 9654`. */
  model: string;
  /** Product line and generation, e.g. `EPYC 9004 (Genoa)`. */
  family: string;
  /** Thermal design power (Intel: processor base power), watts per package. */
  tdpW: number;
  /** Physical cores per package. */
  cores: number;
  /** Hardware threads per package. */
  threads: number;
}

/** The table entry chosen for a CPU and how it was found. */
export interface CpuMatch {
  spec: CpuSpec;
  /** `model`: the model name matched an entry; `generation`: only the CPUID generation was known, a typical part is assumed. */
  matchedBy: 'model' | 'generation';
  /** One line saying what was matched or assumed. */
  note: string;
}

type Row = readonly [model: string, tdpW: number, cores: number, threads: number];

/** Expands compact rows into specs of one family. */
function group(family: string, rows: readonly Row[]): CpuSpec[] {
  return rows.map(([model, tdpW, cores, threads]) => ({ model, family, tdpW, cores, threads }));
}

/**
 * TDP, cores and threads from the vendors' product pages (Intel ARK "processor base power";
 * AMD "default TDP"; Ampere product briefs). TDP is a thermal design figure, not a measured
 * draw: packages run below it at partial load and can exceed it briefly (Intel PL2/turbo).
 */
// biome-ignore format: one compact row per CPU reads as a table
export const CPU_TABLE: readonly CpuSpec[] = [
  ...group('Xeon Scalable gen 1 (Skylake-SP)', [
    ['Xeon Platinum 8180', 205, 28, 56], ['Xeon Platinum 8176', 165, 28, 56],
    ['Xeon Platinum 8168', 205, 24, 48], ['Xeon Platinum 8160', 150, 24, 48],
    ['Xeon Gold 6148', 150, 20, 40], ['Xeon Gold 6140', 140, 18, 36], ['Xeon Gold 6130', 125, 16, 32],
    ['Xeon Gold 5118', 105, 12, 24], ['Xeon Silver 4116', 85, 12, 24], ['Xeon Silver 4114', 85, 10, 20],
  ]),
  ...group('Xeon Scalable gen 2 (Cascade Lake)', [
    ['Xeon Platinum 9282', 400, 56, 112], ['Xeon Platinum 8280', 205, 28, 56],
    ['Xeon Platinum 8276', 165, 28, 56], ['Xeon Platinum 8268', 205, 24, 48], ['Xeon Platinum 8260', 165, 24, 48],
    ['Xeon Gold 6248R', 205, 24, 48], ['Xeon Gold 6248', 150, 20, 40], ['Xeon Gold 6240', 150, 18, 36],
    ['Xeon Gold 6230', 125, 20, 40], ['Xeon Gold 6226R', 150, 16, 32], ['Xeon Gold 5220', 125, 18, 36],
    ['Xeon Gold 5218', 125, 16, 32], ['Xeon Silver 4214', 85, 12, 24], ['Xeon Silver 4210', 85, 10, 20],
  ]),
  ...group('Xeon Scalable gen 3 (Ice Lake-SP)', [
    ['Xeon Platinum 8380', 270, 40, 80], ['Xeon Platinum 8368', 270, 38, 76], ['Xeon Platinum 8358', 250, 32, 64],
    ['Xeon Platinum 8352Y', 205, 32, 64], ['Xeon Gold 6348', 235, 28, 56], ['Xeon Gold 6338', 205, 32, 64],
    ['Xeon Gold 6330', 205, 28, 56], ['Xeon Gold 5318Y', 165, 24, 48], ['Xeon Silver 4314', 135, 16, 32],
    ['Xeon Silver 4310', 120, 12, 24],
  ]),
  ...group('Xeon Scalable gen 4 (Sapphire Rapids)', [
    ['Xeon Platinum 8490H', 350, 60, 120], ['Xeon Platinum 8480+', 350, 56, 112],
    ['Xeon Platinum 8470', 350, 52, 104], ['Xeon Platinum 8468', 350, 48, 96], ['Xeon Platinum 8460Y+', 300, 40, 80],
    ['Xeon Platinum 8462Y+', 300, 32, 64], ['Xeon Gold 6448Y', 225, 32, 64], ['Xeon Gold 6438Y+', 205, 32, 64],
    ['Xeon Gold 6430', 270, 32, 64], ['Xeon Gold 5418Y', 185, 24, 48], ['Xeon Silver 4410Y', 150, 12, 24],
  ]),
  ...group('Xeon Scalable gen 5 (Emerald Rapids)', [
    ['Xeon Platinum 8592+', 350, 64, 128], ['Xeon Platinum 8580', 350, 60, 120], ['Xeon Platinum 8570', 350, 56, 112],
    ['Xeon Platinum 8568Y+', 350, 48, 96], ['Xeon Platinum 8562Y+', 300, 32, 64], ['Xeon Gold 6548Y+', 250, 32, 64],
    ['Xeon Gold 6530', 270, 32, 64], ['Xeon Gold 5520+', 205, 28, 56], ['Xeon Silver 4514Y', 150, 16, 32],
  ]),
  ...group('Xeon 6 (Granite Rapids, P-cores)', [
    ['Xeon 6980P', 500, 128, 256], ['Xeon 6979P', 500, 120, 240], ['Xeon 6972P', 500, 96, 192],
    ['Xeon 6952P', 400, 96, 192], ['Xeon 6960P', 500, 72, 144], ['Xeon 6787P', 350, 86, 172],
    ['Xeon 6767P', 350, 64, 128], ['Xeon 6747P', 330, 48, 96], ['Xeon 6737P', 270, 32, 64],
  ]),
  ...group('Xeon 6 (Sierra Forest, E-cores)', [
    ['Xeon 6780E', 330, 144, 144], ['Xeon 6766E', 250, 144, 144], ['Xeon 6756E', 225, 128, 128],
    ['Xeon 6740E', 250, 92, 92], ['Xeon 6710E', 205, 64, 64],
  ]),
  ...group('EPYC 7001 (Naples)', [
    ['EPYC 7601', 180, 32, 64], ['EPYC 7551', 180, 32, 64], ['EPYC 7451', 180, 24, 48],
    ['EPYC 7351', 170, 16, 32], ['EPYC 7281', 155, 16, 32], ['EPYC 7251', 120, 8, 16],
  ]),
  ...group('EPYC 7002 (Rome)', [
    ['EPYC 7H12', 280, 64, 128], ['EPYC 7742', 225, 64, 128], ['EPYC 7702', 200, 64, 128],
    ['EPYC 7642', 225, 48, 96], ['EPYC 7552', 200, 48, 96], ['EPYC 7542', 225, 32, 64], ['EPYC 7502', 180, 32, 64],
    ['EPYC 7452', 155, 32, 64], ['EPYC 7402', 180, 24, 48], ['EPYC 7302', 155, 16, 32], ['EPYC 7282', 120, 16, 32],
    ['EPYC 7262', 155, 8, 16],
  ]),
  ...group('EPYC 7003 (Milan)', [
    ['EPYC 7773X', 280, 64, 128], ['EPYC 7763', 280, 64, 128], ['EPYC 7713', 225, 64, 128],
    ['EPYC 7663', 240, 56, 112], ['EPYC 7643', 225, 48, 96], ['EPYC 7543', 225, 32, 64], ['EPYC 7513', 200, 32, 64],
    ['EPYC 7453', 225, 28, 56], ['EPYC 7443', 200, 24, 48], ['EPYC 7413', 180, 24, 48], ['EPYC 7343', 190, 16, 32],
    ['EPYC 7313', 155, 16, 32],
  ]),
  ...group('EPYC 9004 (Genoa/Bergamo)', [
    ['EPYC 9754', 360, 128, 256], ['EPYC 9684X', 400, 96, 192], ['EPYC 9654', 360, 96, 192],
    ['EPYC 9634', 290, 84, 168], ['EPYC 9554', 360, 64, 128], ['EPYC 9534', 280, 64, 128],
    ['EPYC 9474F', 360, 48, 96], ['EPYC 9454', 290, 48, 96], ['EPYC 9374F', 320, 32, 64], ['EPYC 9354', 280, 32, 64],
    ['EPYC 9334', 210, 32, 64], ['EPYC 9254', 200, 24, 48], ['EPYC 9124', 200, 16, 32],
  ]),
  ...group('EPYC 9005 (Turin)', [
    ['EPYC 9965', 500, 192, 384], ['EPYC 9755', 500, 128, 256], ['EPYC 9655', 400, 96, 192],
    ['EPYC 9575F', 400, 64, 128], ['EPYC 9555', 360, 64, 128], ['EPYC 9535', 300, 64, 128],
    ['EPYC 9455', 300, 48, 96], ['EPYC 9355', 280, 32, 64], ['EPYC 9135', 200, 16, 32], ['EPYC 9015', 125, 8, 16],
  ]),
  ...group('Ampere Altra (Neoverse-N1)', [
    ['Altra Q80-30', 210, 80, 80], ['Altra Max M128-30', 250, 128, 128],
  ]),
  ...group('Intel Core (desktop)', [
    ['Core Ultra 9 285K', 125, 24, 24], ['Core Ultra 7 265K', 125, 20, 20], ['Core i9-14900K', 125, 24, 32],
    ['Core i7-14700K', 125, 20, 28], ['Core i5-14600K', 125, 14, 20], ['Core i9-13900K', 125, 24, 32],
    ['Core i7-13700K', 125, 16, 24], ['Core i5-13600K', 125, 14, 20], ['Core i9-12900K', 125, 16, 24],
    ['Core i7-12700K', 125, 12, 20], ['Core i5-12600K', 125, 10, 16], ['Core i5-12400', 65, 6, 12],
    ['Core i9-11900K', 125, 8, 16], ['Core i9-10900K', 125, 10, 20], ['Core i7-9700K', 95, 8, 8],
    ['Core i7-8700K', 95, 6, 12],
  ]),
  ...group('AMD Ryzen (desktop and workstation)', [
    ['Ryzen 9 9950X', 170, 16, 32], ['Ryzen 9 7950X', 170, 16, 32], ['Ryzen 9 7900X', 170, 12, 24],
    ['Ryzen 7 7800X3D', 120, 8, 16], ['Ryzen 7 7700X', 105, 8, 16], ['Ryzen 5 7600X', 105, 6, 12],
    ['Ryzen 9 5950X', 105, 16, 32], ['Ryzen 9 5900X', 105, 12, 24], ['Ryzen 7 5800X3D', 105, 8, 16],
    ['Ryzen 7 5800X', 105, 8, 16], ['Ryzen 5 5600X', 65, 6, 12], ['Ryzen 9 3950X', 105, 16, 32],
    ['Threadripper PRO 5995WX', 280, 64, 128], ['Threadripper 7980X', 350, 64, 128],
  ]),
];

/**
 * When the model name is only a brand (cloud VMs often report a bare `AMD EPYC`), the CPUID
 * family/model still tells the generation; we then assume the generation's high-core-count part,
 * the kind cloud hosts use. Codes from the vendors' CPUID tables as listed in the Linux kernel.
 */
const GENERATIONS: readonly {
  vendor: string;
  family: number;
  models: readonly [number, number];
  steppings?: readonly [number, number];
  assume: string;
}[] = [
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [0x55, 0x55],
    steppings: [0, 4],
    assume: 'Xeon Platinum 8180',
  },
  {
    vendor: 'GenuineIntel',
    family: 6,
    models: [0x55, 0x55],
    steppings: [5, 7],
    assume: 'Xeon Platinum 8280',
  },
  { vendor: 'GenuineIntel', family: 6, models: [0x6a, 0x6a], assume: 'Xeon Platinum 8380' },
  { vendor: 'GenuineIntel', family: 6, models: [0x8f, 0x8f], assume: 'Xeon Platinum 8480+' },
  { vendor: 'GenuineIntel', family: 6, models: [0xcf, 0xcf], assume: 'Xeon Platinum 8592+' },
  { vendor: 'GenuineIntel', family: 6, models: [0xad, 0xad], assume: 'Xeon 6980P' },
  { vendor: 'GenuineIntel', family: 6, models: [0xaf, 0xaf], assume: 'Xeon 6780E' },
  { vendor: 'AuthenticAMD', family: 0x17, models: [0x01, 0x01], assume: 'EPYC 7601' },
  { vendor: 'AuthenticAMD', family: 0x17, models: [0x31, 0x31], assume: 'EPYC 7742' },
  { vendor: 'AuthenticAMD', family: 0x19, models: [0x00, 0x0f], assume: 'EPYC 7763' },
  { vendor: 'AuthenticAMD', family: 0x19, models: [0x10, 0x1f], assume: 'EPYC 9654' },
  { vendor: 'AuthenticAMD', family: 0x19, models: [0xa0, 0xaf], assume: 'EPYC 9754' },
  { vendor: 'AuthenticAMD', family: 0x1a, models: [0x00, 0x1f], assume: 'EPYC 9755' },
];

/** Arm core names (see `cpu-info.ts`) mapped to the part assumed for them. */
const ARM_GENERATIONS: Record<string, string> = { 'arm neoverse-n1': 'Altra Q80-30' };

/** Lower-cases a CPU name and drops trademarks, clock suffixes and filler words, leaving tokens. */
export function normaliseCpuName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\((r|tm)\)|[®™]/g, ' ')
    .replace(/@\s*[\d.]+\s*[gm]hz/g, ' ')
    .replace(/\b(cpu|processor)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when `needle`'s tokens occur contiguously in `hay`'s tokens (so `6248` does not match `6248r`). */
function hasTokens(hay: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Finds a table entry by its exact model string. */
function byModel(model: string): CpuSpec | undefined {
  return CPU_TABLE.find((s) => s.model === model);
}

/** CPUID identity used for the generation fallback. */
export interface CpuId {
  vendor?: string;
  family?: number;
  model?: number;
  stepping?: number;
}

/**
 * Looks a CPU up: first by model-name tokens (the longest matching entry wins), then by CPUID
 * generation (assuming a typical part, flagged `generation`); undefined when neither knows it.
 */
export function lookupCpu(modelName: string | undefined, id: CpuId = {}): CpuMatch | undefined {
  const tokens = normaliseCpuName(modelName ?? '')
    .split(' ')
    .filter((t) => t !== '');
  let best: CpuSpec | undefined;
  let bestLen = 0;
  for (const spec of CPU_TABLE) {
    const key = normaliseCpuName(spec.model).split(' ');
    if (key.length > bestLen && hasTokens(tokens, key)) {
      best = spec;
      bestLen = key.length;
    }
  }
  if (best) return { spec: best, matchedBy: 'model', note: `${best.model} (${best.family})` };

  const armAssumed = ARM_GENERATIONS[tokens.join(' ')];
  const gen = GENERATIONS.find(
    (g) =>
      g.vendor === id.vendor &&
      g.family === id.family &&
      id.model !== undefined &&
      id.model >= g.models[0] &&
      id.model <= g.models[1] &&
      (g.steppings === undefined ||
        (id.stepping !== undefined && id.stepping >= g.steppings[0] && id.stepping <= g.steppings[1])),
  );
  const assumed = byModel(gen?.assume ?? armAssumed ?? '');
  if (!assumed) return undefined;
  const what = modelName ? `"${modelName}"` : 'an unnamed CPU';
  return {
    spec: assumed,
    matchedBy: 'generation',
    note: `${what} is ${assumed.family}; model not named, assuming ${assumed.model} (${assumed.tdpW} W, ${assumed.threads} threads)`,
  };
}
