import { readFile } from 'node:fs/promises';
import { parseConfigText } from '../config/document.js';
import { isStudyDocument } from '../config/load.js';

/** Config files for library users and the CLI: the JSON Schema, the user config, study detection. */

export { configJsonSchema } from '../config/json-schema.js';
export { type StarterKind, starterConfig } from '../config/starter.js';
export {
  defaultUserConfigPath,
  type LoadedUserConfig,
  loadUserConfig,
  type UserConfig,
} from '../config/user-config.js';
export { recordJsonSchema } from '../core/records.js';

/**
 * True when the file at `path` is a study (`sweep:` or `experiments:` at the top level). A file
 * that cannot be read or parsed is not a study: the experiment loader then reports its problem.
 */
export async function isStudyFile(path: string): Promise<boolean> {
  try {
    return isStudyDocument(parseConfigText(await readFile(path, 'utf8'), path).data);
  } catch {
    return false;
  }
}
export { ENERGY_SOURCES, ENGINES, type EngineName } from '../config/schema.js';
export { STUDY_ORDERS } from '../config/study-schema.js';
