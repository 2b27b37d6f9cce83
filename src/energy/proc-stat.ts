/** Cumulative time one CPU spent in each state since boot, in jiffies (USER_HZ, usually 1/100 s). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  /** Time a hypervisor ran something else while this virtual CPU wanted to run. */
  steal: number;
  /** Time running a guest; already included in `user` by the kernel. */
  guest: number;
  /** Time running a niced guest; already included in `nice` by the kernel. */
  guestNice: number;
}

/** One parse of `/proc/stat`. */
export interface ProcStatSnapshot {
  /** The aggregate `cpu` line, when present. */
  total?: CpuTimes;
  /** Per-CPU lines keyed by CPU number; offline CPUs do not appear. */
  cpus: Map<number, CpuTimes>;
}

/** CPU utilisation between two snapshots. */
export interface Utilisation {
  /** CPUs present in both snapshots. */
  cpus: number;
  /** Busy share of all CPU time: (user + nice + system + irq + softirq) ÷ total, 0–1. */
  busyFraction: number;
  /** Stolen share of all CPU time (not our work), 0–1. */
  stealFraction: number;
  /** I/O-wait share of all CPU time (idle, waiting for I/O), 0–1. */
  iowaitFraction: number;
  /** Busy jiffies summed over CPUs. */
  busyJiffies: number;
  /** All jiffies (busy + idle + iowait + steal) summed over CPUs. */
  totalJiffies: number;
  /** Busy share per CPU number, 0–1. */
  perCpu: Map<number, number>;
}

const FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const;

/** Parses the numbers after a `cpu`/`cpuN` label; fields missing on old kernels read as 0. */
function parseTimes(values: readonly string[]): CpuTimes | undefined {
  const nums = values.map(Number);
  if (nums.length < 4 || nums.some((n) => !Number.isFinite(n) || n < 0)) return undefined;
  const t = {} as CpuTimes;
  FIELDS.forEach((f, i) => {
    t[f] = nums[i] ?? 0;
  });
  return t;
}

/** Parses `/proc/stat` text; lines other than `cpu`/`cpuN` are ignored, malformed ones skipped. */
export function parseProcStat(text: string): ProcStatSnapshot {
  const cpus = new Map<number, CpuTimes>();
  let total: CpuTimes | undefined;
  for (const line of text.split('\n')) {
    const m = /^cpu(\d*)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const times = parseTimes(m[2]!.trim().split(/\s+/));
    if (!times) continue;
    if (m[1] === '') total = times;
    else cpus.set(Number(m[1]), times);
  }
  return total === undefined ? { cpus } : { total, cpus };
}

/** Number of online CPUs in a snapshot (the kernel lists only online CPUs per line). */
export function onlineCpuCount(s: ProcStatSnapshot): number {
  return s.cpus.size;
}

/** Busy jiffies: work done on this CPU. Guest time is inside user/nice, so it is not added again. */
function busyOf(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.irq + t.softirq;
}

/** Counter deltas clamped at zero: iowait (and, after hotplug, others) can step backwards. */
function delta(a: CpuTimes, b: CpuTimes): CpuTimes {
  const d = {} as CpuTimes;
  for (const f of FIELDS) d[f] = Math.max(0, b[f] - a[f]);
  return d;
}

/**
 * Utilisation between snapshots `a` (earlier) and `b`, over the CPUs present in both. Steal is
 * counted in the total but not as busy: the physical core was working for someone else, so
 * neither the work nor its power is ours. Returns undefined when no jiffies elapsed.
 */
export function utilisationBetween(a: ProcStatSnapshot, b: ProcStatSnapshot): Utilisation | undefined {
  let busy = 0;
  let total = 0;
  let steal = 0;
  let iowait = 0;
  let cpus = 0;
  const perCpu = new Map<number, number>();
  for (const [id, tb] of b.cpus) {
    const ta = a.cpus.get(id);
    if (!ta) continue;
    cpus += 1;
    const d = delta(ta, tb);
    const cpuBusy = busyOf(d);
    const cpuTotal = cpuBusy + d.idle + d.iowait + d.steal;
    busy += cpuBusy;
    total += cpuTotal;
    steal += d.steal;
    iowait += d.iowait;
    perCpu.set(id, cpuTotal > 0 ? cpuBusy / cpuTotal : 0);
  }
  if (total <= 0) return undefined;
  return {
    cpus,
    busyFraction: busy / total,
    stealFraction: steal / total,
    iowaitFraction: iowait / total,
    busyJiffies: busy,
    totalJiffies: total,
    perCpu,
  };
}
