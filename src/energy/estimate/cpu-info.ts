/** Facts about the CPUs this machine sees, from `/proc/cpuinfo`. */
export interface CpuInfo {
  /** The `model name` of the first CPU, or a name built from the Arm part number; undefined when absent. */
  modelName?: string;
  /** `vendor_id`, e.g. `GenuineIntel`, `AuthenticAMD`; undefined on Arm. */
  vendor?: string;
  /** CPUID family (x86). */
  family?: number;
  /** CPUID model (x86). */
  model?: number;
  /** CPUID stepping (x86). */
  stepping?: number;
  /** Distinct `physical id` values (1 when the file has none). */
  sockets: number;
  /** Distinct (physical id, core id) pairs, or the logical count when core ids are absent. */
  physicalCores: number;
  /** `processor` entries (logical CPUs listed). */
  threads: number;
  /** The `hypervisor` CPU flag is set: this is a virtual machine. */
  virtualised: boolean;
}

/** Arm implementer/part codes (from the kernel's `cputype.h`) for the server cores we can name. */
const ARM_PARTS: Record<string, string> = {
  '0x41:0xd0c': 'ARM Neoverse-N1',
  '0x41:0xd40': 'ARM Neoverse-V1',
  '0x41:0xd49': 'ARM Neoverse-N2',
  '0x41:0xd4f': 'ARM Neoverse-V2',
  '0xc0:0xac3': 'Ampere AmpereOne',
};

/** Splits cpuinfo into per-processor blocks of key → value. */
function blocks(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let cur = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (cur.size > 0) out.push(cur);
      cur = new Map();
      continue;
    }
    const i = line.indexOf(':');
    if (i < 0) continue;
    cur.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  if (cur.size > 0) out.push(cur);
  return out;
}

/** Parses a decimal or 0x-hex integer; undefined when absent or malformed. */
function int(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

/** Parses `/proc/cpuinfo` text (x86 and Arm layouts). */
export function parseCpuInfo(text: string): CpuInfo {
  const all = blocks(text);
  const procs = all.filter((b) => b.has('processor'));
  const first = procs[0] ?? all[0] ?? new Map<string, string>();
  let modelName = first.get('model name') ?? procs.map((b) => b.get('model name')).find((v) => v);
  if (!modelName) {
    const key = `${first.get('cpu implementer')?.toLowerCase()}:${first.get('cpu part')?.toLowerCase()}`;
    modelName = ARM_PARTS[key];
  }
  const sockets = new Set(procs.map((b) => b.get('physical id')).filter((v) => v !== undefined));
  const cores = new Set(
    procs.filter((b) => b.has('core id')).map((b) => `${b.get('physical id') ?? '0'}:${b.get('core id')}`),
  );
  const threads = procs.length;
  const info: CpuInfo = {
    sockets: Math.max(1, sockets.size),
    physicalCores: cores.size > 0 ? cores.size : threads,
    threads,
    virtualised: /\bhypervisor\b/.test(first.get('flags') ?? ''),
  };
  if (modelName) info.modelName = modelName.replace(/\s+/g, ' ');
  const vendor = first.get('vendor_id');
  if (vendor) info.vendor = vendor;
  const family = int(first.get('cpu family'));
  if (family !== undefined) info.family = family;
  const model = int(first.get('model'));
  if (model !== undefined) info.model = model;
  const stepping = int(first.get('stepping'));
  if (stepping !== undefined) info.stepping = stepping;
  return info;
}

/** Parses `MemTotal` from `/proc/meminfo`, bytes; undefined when absent. */
export function parseMemTotalBytes(text: string): number | undefined {
  const m = /^MemTotal:\s+(\d+)\s*kB/im.exec(text);
  return m ? Number(m[1]) * 1024 : undefined;
}
