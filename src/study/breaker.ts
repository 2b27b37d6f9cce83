// The circuit breaker (SPEC §6): after `max_consecutive_failures` failed runs in a row the study
// pauses for a cool-down and runs one more (the probe); if the probe fails too, the study stops.
// A broken driver or a full disk then costs minutes, not a night of failed records.
import type { RunStatus } from '../core/records.js';

/** What the runner should do after a run: go on, cool down and probe, or stop the study. */
export type BreakerAction = 'continue' | 'probe' | 'trip';

/** Counts consecutive failures; `interrupted` runs (user stops) neither count nor reset. */
export class CircuitBreaker {
  readonly #max: number;
  #consecutive = 0;
  #probing = false;

  /** `maxConsecutive` ≤ 0 disables the breaker. */
  constructor(maxConsecutive: number) {
    this.#max = maxConsecutive;
  }

  /** Failures in a row so far. */
  get consecutiveFailures(): number {
    return this.#consecutive;
  }

  /** True while the next run is the probe. */
  get probing(): boolean {
    return this.#probing;
  }

  /** Records a finished run and says what to do next. */
  record(status: RunStatus): BreakerAction {
    if (status === 'interrupted') return 'continue';
    if (status === 'ok') {
      this.#consecutive = 0;
      this.#probing = false;
      return 'continue';
    }
    this.#consecutive++;
    if (this.#max <= 0) return 'continue';
    if (this.#probing) return 'trip';
    if (this.#consecutive >= this.#max) {
      this.#probing = true;
      return 'probe';
    }
    return 'continue';
  }
}
