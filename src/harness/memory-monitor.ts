/** Tracks the peak resident set size of this process while a phase runs. */
export interface MemoryMonitor {
  /** Peak RSS seen since start, bytes. */
  peakBytes(): number;
  stop(): void;
}

/** Polls `process.memoryUsage.rss()` every `intervalMs` (cheap: one syscall, no heap walk). */
export function startMemoryMonitor(intervalMs = 50): MemoryMonitor {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, intervalMs);
  timer.unref();
  return {
    peakBytes: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}
