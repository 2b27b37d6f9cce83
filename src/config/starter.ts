// Commented starter files for `llem init`: valid as written (a test runs `llem run --dry-run` on
// each), small enough to run in about a minute on a laptop CPU, and a map of the fields a
// researcher changes first, with their defaults.

/** What `llem init` can write. */
export type StarterKind = 'experiment' | 'study';

const SCHEMA_HINT = `# Editor completion: \`llem schema > llem.schema.json\`, then keep the next line.
# yaml-language-server: $schema=llem.schema.json`;

const SHARED = `# The model: a GGUF path (relative to this file), hf:<org>/<repo>/<file>.gguf, or one of llem's
# own deterministic random-weight models (generated on first use, no download):
# builtin:tiny, builtin:small@q4_0 (116M parameters), builtin:1b@q8_0.
model: builtin:small@q4_0
engine: llamacpp                 # llamacpp | transformers | vllm | tensorrt | openai

dataset:
  source: builtin                # builtin | aienergyscore | synthetic | prompts.jsonl
  n_prompts: 16                  # requests in the measurement window [100]
  order: interleaved             # interleaved | grouped | shuffled
max_input_tokens: 256            # prompts are truncated to this many tokens [256]
max_output_tokens: 32            # output limit per request [256]
fixed_output_length: true        # generate exactly max_output_tokens, so runs are comparable [false]
random_seed: 42

load:
  mode: batch                    # batch | concurrency | rate (open loop: rate_rps, arrival)

measurement:
  warmup:
    n_warmup: 2                  # warmup requests before the window [5]
    thermal_floor_s: 60          # keep the device busy this long first; skipped (and said so)
                                 # when no energy source reports a temperature [60]
  baseline:
    duration_s: 5                # idle power measured this long, then subtracted [30; 5–120]
    strategy: cached             # fresh | cached | validated
  energy:
    sources: auto                # auto, or a list: [nvml, rapl, amdgpu, command, estimate]
    min_window_s: 10             # a shorter window is a validity failure [10]; keep ≥ 60 s to publish

# Engine settings (only with engine: llamacpp). Unset fields use the engine's defaults.
llamacpp:
  sequences: 2                   # parallel sequences = requests decoded as one batch [1]
  # threads: 1                   # default: one per physical core, at most CPUs − 1
  # gpu_layers: max              # offload to the GPU when there is one

# Where results go: ./results in the working directory unless set here (relative to this file)
# or with -o/--output. Carbon: set carbon.grid_intensity_g_per_kwh to report g CO2e.
# results_dir: results`;

/**
 * The text of a commented starter file: an experiment (one configuration) or a study (a small
 * sweep with its `execution:` block). Both validate as written.
 */
export function starterConfig(kind: StarterKind): string {
  if (kind === 'experiment') {
    return `${SCHEMA_HINT}
# An experiment: one configuration, measured once. Try it:
#   llem run experiment.yaml --dry-run    # validate; plan, memory and duration estimate
#   llem run experiment.yaml              # measure; results under ./results
# Every field and its default: llem schema, or the README's configuration reference.
name: my-experiment
${SHARED}
`;
  }
  return `${SCHEMA_HINT}
# A study: the shared fields below, swept over the axes under sweep: (axes are crossed), each
# configuration measured once per cycle in a seeded order. Try it:
#   llem run study.yaml --dry-run         # the plan: runs, skipped points, duration, memory
#   llem run study.yaml --no-gaps         # run it; results under ./results/<name>-<hash8>/
#   llem report results/<name>-<hash8>    # which choices matter most
name: my-study
${SHARED}

sweep:
  llamacpp.sequences: [1, 4]             # an axis: field path → values
  max_output_tokens: [16, 32]            # 2 × 2 = 4 configurations
  # measurement:                         # a group: alternatives, not crossed; {} = no change
  #   - {}
  #   - {warmup: {enabled: false}}

# experiments:                           # explicit entries, deep-merged over the shared fields
#   - {max_output_tokens: 64, llamacpp: {sequences: 8}}

execution:
  n_cycles: 3                    # repetitions of the whole design [3 from the CLI]
  order: shuffled                # sequential | interleaved | shuffled | reversed | latin_square
  experiment_gap_s: 10           # pause between runs [60]; --no-gaps sets both gaps to 0
  cycle_gap_s: 30                # pause between cycles [300]
`;
}
