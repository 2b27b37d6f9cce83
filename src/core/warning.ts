/** A typed, non-fatal problem (config normalisation, measurement quality…); stored in result records. */
export interface LlemWarning {
  /** Stable code, e.g. `ENV_INVALID`, `SHORT_THERMAL_FLOOR`. */
  code: string;
  /** What happened and what to do about it. */
  message: string;
}
