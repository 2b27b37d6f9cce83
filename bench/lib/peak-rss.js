// Preloaded into a child (`node --import ./bench/lib/peak-rss.js …`): at exit, writes the
// process's peak resident set size (bytes) as JSON to file descriptor 3, if the parent opened one.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({ max_rss_bytes: process.resourceUsage().maxRSS * 1024 }));
  } catch {
    // No fd 3: run without the benchmark's pipe.
  }
});
