/**
 * Tests that need a part this repository cannot install from npm (a Python environment, a Slurm
 * cluster) find it through an environment variable that `.ci/run` sets after installing or
 * starting that part. Without the variable the test is skipped with the reason printed, so a
 * plain `npm test` on a bare clone still passes; `.ci/run` also sets `LLEM_CI_STRICT=1`, under
 * which a missing part fails the test instead, so CI can never go green by skipping.
 */

/** True when missing external parts must fail tests (set by `.ci/run`). */
export const STRICT = process.env.LLEM_CI_STRICT === '1';

/**
 * The value of `variable` (a path to an interpreter, a cluster's config…), or undefined when it is
 * not set; throws under `LLEM_CI_STRICT=1` so the suite fails loudly.
 */
export function external(variable: string, what: string): string | undefined {
  const value = process.env[variable];
  if (value !== undefined && value !== '') return value;
  const reason = `${what} not available: ${variable} is not set (bash .ci/run sets it up)`;
  if (STRICT) throw new Error(`${reason}; LLEM_CI_STRICT=1 forbids skipping`);
  console.warn(`skipping: ${reason}`);
  return undefined;
}
