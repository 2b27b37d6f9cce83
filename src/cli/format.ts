/** Bytes in binary units: `512 B`, `62.5 MiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** `42.0 s`, `12 min 5 s`, `3 h 20 min`. */
export function formatDuration(s: number): string {
  if (s < 90) return `${s.toFixed(1)} s`;
  if (s < 5400) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** FLOPs with an SI prefix: `851.4 kFLOP`, `12.35 MFLOP`, `1.23 TFLOP` (`—` when unknown). */
export function formatFlops(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const prefixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 999.95 && i < prefixes.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = i === 0 && Number.isInteger(v) ? 0 : v >= 100 ? 1 : 2;
  return `${n < 0 ? '-' : ''}${v.toFixed(digits)} ${prefixes[i]}FLOP`;
}
