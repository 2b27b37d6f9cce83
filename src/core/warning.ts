import { z } from 'zod';

/** A typed, non-fatal problem (config normalisation, measurement quality…); stored in result records. */
export const warningSchema = z.object({
  code: z.string().describe('Stable code, e.g. ENV_INVALID, SHORT_THERMAL_FLOOR'),
  message: z.string().describe('What happened and what to do about it'),
});

/** A typed, non-fatal problem (config normalisation, measurement quality…); stored in result records. */
export type LlemWarning = z.infer<typeof warningSchema>;
