/** The results store (SPEC §7, §8): the DuckDB index over a results folder, its filters and exports. */
export { parseWhere, type RunFilter, type WhereClause } from '../store/filter.js';
export type { Cell, FlatRow } from '../store/flatten.js';
export { pairPaths, resultsRootOf, STUDY_FILES } from '../store/layout.js';
export { resultsRoot } from '../store/results-root.js';
export {
  createStore,
  type ExportFormat,
  type IndexReport,
  ResultsStore,
  type StoreOptions,
} from '../store/results-store.js';
