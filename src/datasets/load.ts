import type { ExperimentConfig } from '../config/schema.js';
import { ConfigError } from '../core/errors.js';
import { loadAiEnergyScore } from './aienergyscore.js';
import { loadBuiltinPrompts } from './builtin.js';
import { configIssue, type DatasetContext, didYouMean } from './context.js';
import { loadJsonlDataset } from './jsonl.js';
import { orderItems } from './order.js';
import type { Prompt } from './prompt.js';
import { syntheticPrompts } from './synthetic.js';

export type { DatasetContext, Locate } from './context.js';

/** Dataset names that are not file paths. */
export const NAMED_DATASETS = ['builtin', 'aienergyscore', 'synthetic'] as const;

/** Where a run's prompts came from, for the result record. */
export interface DatasetProvenance {
  /** `dataset.source` as configured. */
  source: string;
  /** Absolute path of the file the prompts were read from. */
  file?: string;
  /** SHA-256 of that file, hex. */
  sha256?: string;
  /** Prompts the set holds (for synthetic: the number generated). */
  total_available: number;
  /** True when the set held fewer prompts than requested, so some were used more than once. */
  repeated: boolean;
  /** License of the prompt set (SPDX id, lower case), when known. */
  license?: string;
}

/** Prompts ready to run, in order, and their provenance. */
export interface LoadedDataset {
  prompts: Prompt[];
  provenance: DatasetProvenance;
}

interface PromptSet {
  prompts: Prompt[];
  file?: string;
  sha256?: string;
  license?: string;
}

function unknownSource(source: string, ctx: DatasetContext): ConfigError {
  const guess = didYouMean(source, NAMED_DATASETS);
  const allowed = `use ${NAMED_DATASETS.join(', ')}, or a path to a .jsonl file (one JSON object per line)`;
  return new ConfigError(
    [
      configIssue(ctx.locate, ['dataset', 'source'], {
        code: 'invalid_value',
        message: `unknown dataset source "${source}"`,
        suggestion: guess ? `did you mean "${guess}"? Otherwise ${allowed}` : allowed,
      }),
    ],
    'ERR_DATASET_INVALID',
  );
}

async function promptSet(
  dataset: ExperimentConfig['dataset'],
  count: number,
  seed: number,
  ctx: DatasetContext,
): Promise<PromptSet> {
  const { source } = dataset;
  switch (source) {
    case 'builtin':
      return loadBuiltinPrompts();
    case 'aienergyscore':
      return loadAiEnergyScore(ctx);
    case 'synthetic':
      return {
        prompts: syntheticPrompts({
          count,
          inputTokens: dataset.input_tokens,
          outputTokens: dataset.output_tokens,
          seed,
          tokenizer: ctx.tokenizer,
          ...(ctx.locate ? { locate: ctx.locate } : {}),
        }),
      };
    default:
      if (!source.toLowerCase().endsWith('.jsonl')) throw unknownSource(source, ctx);
      return loadJsonlDataset(source, ctx);
  }
}

/**
 * Loads `count` prompts of the configured dataset in the configured order (`interleaved`:
 * round-robin across source labels; `grouped`: one source after another; `shuffled`: seeded by
 * `seed`). A set smaller than `count` is cycled and `provenance.repeated` is set. Prompt text is
 * returned untruncated: the engine truncates to `max_input_tokens` with its own tokenizer.
 * Throws `ConfigError` (`ERR_DATASET_INVALID`) with every issue found, or `LlemError` when a
 * download fails.
 */
export async function loadDataset(
  dataset: ExperimentConfig['dataset'],
  count: number,
  seed: number,
  ctx: DatasetContext,
): Promise<LoadedDataset> {
  ctx.signal?.throwIfAborted();
  const set = await promptSet(dataset, count, seed, ctx);
  const { items, repeated } = orderItems(set.prompts, dataset.order, count, seed, (p) => p.source);
  const provenance: DatasetProvenance = {
    source: dataset.source,
    total_available: set.prompts.length,
    repeated,
  };
  if (set.file !== undefined) provenance.file = set.file;
  if (set.sha256 !== undefined) provenance.sha256 = set.sha256;
  if (set.license !== undefined) provenance.license = set.license;
  // Each position gets its own object, so a caller annotating one prompt never changes a repeat.
  return { prompts: items.map((p) => ({ ...p })), provenance };
}
