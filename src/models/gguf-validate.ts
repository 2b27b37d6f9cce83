/**
 * Validates a GGUF file before llama.cpp sees it: the header must parse and pass every check in
 * `gguf-checks.ts`. Reads only the header, so validating a large model is cheap.
 */
import { LlemError } from '../core/errors.js';
import { findGgufProblems } from './gguf-checks.js';
import { type GgufHeader, readGgufHeader } from './gguf-reader.js';

export { findGgufProblems, type GgufProblem } from './gguf-checks.js';

/** Problems listed in the message before the rest are summarised as a count. */
const LISTED = 5;

/** Reads and checks the GGUF file at `path`; throws `ERR_MODEL_INVALID` listing every problem found. */
export async function validateGguf(path: string): Promise<GgufHeader> {
  const header = await readGgufHeader(path);
  const problems = findGgufProblems(header);
  if (problems.length === 0) return header;
  const listed = problems.slice(0, LISTED).map((x) => x.message);
  if (problems.length > LISTED) listed.push(`and ${problems.length - LISTED} more`);
  const truncated = problems.some((x) => x.code === 'truncated');
  const fix = truncated
    ? 're-download the file (it is incomplete)'
    : 'llama.cpp would fail or abort on this file; re-download or re-convert it, or use builtin:tiny to check the setup';
  throw new LlemError('ERR_MODEL_INVALID', `${path}: ${listed.join('; ')}; ${fix}`, {
    details: { path, problems },
  });
}
