import { describe, expect, it } from 'vitest';
import { checkRules } from '../../config/rules/index.js';
import { type ExperimentInput, experimentSchema } from '../../config/schema.js';
import { serverCommand } from './presets.js';

const target = { model: 'org/model', host: '127.0.0.1', port: 8123, extraFilePath: '/tmp/x/opts.yaml' };

function argvOf(input: Partial<ExperimentInput>): string[] {
  return serverCommand(experimentSchema.parse({ model: 'org/model', engine: 'openai', ...input }), target)
    .argv;
}

const launch = (preset: string, extra: object = {}) =>
  ({ openai: { launch: { preset, ...extra } } }) as Partial<ExperimentInput>;

describe('launch presets: config in, argv out', () => {
  const table: [string, Partial<ExperimentInput>, string[]][] = [
    [
      'vllm, defaults',
      launch('vllm'),
      ['vllm', 'serve', 'org/model', '--host', '127.0.0.1', '--port', '8123', '--seed', '42'],
    ],
    [
      'vllm, engine section (every key kebab-cased; booleans as --x / --no-x; objects as JSON; unknown keys pass through)',
      {
        ...launch('vllm'),
        vllm: {
          engine: {
            dtype: 'bfloat16',
            gpu_memory_utilization: 0.85,
            block_size: 32,
            kv_cache_dtype: 'fp8',
            enforce_eager: true,
            enable_prefix_caching: false,
            max_num_seqs: 64,
            max_num_batched_tokens: 8192,
            max_model_len: 4096,
            tensor_parallel_size: 2,
            quantization: 'awq',
            speculative_config: { method: 'ngram', num_speculative_tokens: 3 },
            swap_space: 4,
          },
        },
      },
      [
        'vllm',
        'serve',
        'org/model',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--seed',
        '42',
        '--dtype',
        'bfloat16',
        '--gpu-memory-utilization',
        '0.85',
        '--block-size',
        '32',
        '--kv-cache-dtype',
        'fp8',
        '--enforce-eager',
        '--no-enable-prefix-caching',
        '--max-num-seqs',
        '64',
        '--max-num-batched-tokens',
        '8192',
        '--max-model-len',
        '4096',
        '--tensor-parallel-size',
        '2',
        '--quantization',
        'awq',
        '--speculative-config',
        '{"method":"ngram","num_speculative_tokens":3}',
        '--swap-space',
        '4',
      ],
    ],
    [
      'sglang, launch.args only',
      launch('sglang', { args: { 'tp-size': 2, 'mem-fraction-static': 0.8, 'disable-radix-cache': true } }),
      [
        'python3',
        '-m',
        'sglang.launch_server',
        '--model-path',
        'org/model',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--random-seed',
        '42',
        '--tp-size',
        '2',
        '--mem-fraction-static',
        '0.8',
        '--disable-radix-cache',
      ],
    ],
    [
      'tgi, transformers section and the experiment lengths',
      {
        ...launch('tgi'),
        max_input_tokens: 512,
        max_output_tokens: 128,
        transformers: {
          revision: 'main',
          dtype: 'bfloat16',
          load_in_4bit: true,
          bnb_4bit_quant_type: 'nf4',
          batch_size: 16,
        },
      },
      [
        'text-generation-launcher',
        '--model-id',
        'org/model',
        '--hostname',
        '127.0.0.1',
        '--port',
        '8123',
        '--revision',
        'main',
        '--dtype',
        'bfloat16',
        '--quantize',
        'bitsandbytes-nf4',
        '--max-batch-size',
        '16',
        '--max-input-tokens',
        '512',
        '--max-total-tokens',
        '640',
      ],
    ],
    [
      'tgi, 8-bit',
      { ...launch('tgi'), transformers: { load_in_8bit: true } },
      [
        'text-generation-launcher',
        '--model-id',
        'org/model',
        '--hostname',
        '127.0.0.1',
        '--port',
        '8123',
        '--quantize',
        'bitsandbytes',
        '--max-input-tokens',
        '256',
        '--max-total-tokens',
        '512',
      ],
    ],
    [
      'trtllm, tensorrt section (flags, and the rest through the LLM API options file)',
      {
        ...launch('trtllm'),
        tensorrt: {
          max_batch_size: 64,
          max_seq_len: 2048,
          tensor_parallel_size: 2,
          pipeline_parallel_size: 1,
          dtype: 'float16',
          kv_cache_config: { free_gpu_memory_fraction: 0.9 },
        },
      },
      [
        'trtllm-serve',
        'org/model',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--max_batch_size',
        '64',
        '--max_seq_len',
        '2048',
        '--tp_size',
        '2',
        '--pp_size',
        '1',
        '--extra_llm_api_options',
        '/tmp/x/opts.yaml',
      ],
    ],
    [
      'trtllm, prebuilt engine',
      { ...launch('trtllm'), tensorrt: { engine_path: '/engines/llama' } },
      [
        'trtllm-serve',
        '/engines/llama',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--backend',
        'tensorrt',
        '--tokenizer',
        'org/model',
      ],
    ],
    [
      'llama-server, llamacpp section (context per sequence × sequences)',
      {
        ...launch('llama-server'),
        llamacpp: {
          gpu_layers: 'max',
          context_size: 1024,
          sequences: 4,
          threads: 2,
          batch_size: 512,
          ubatch_size: 128,
          flash_attention: true,
          kv_cache_type: 'q8_0',
          use_mmap: false,
        },
      },
      [
        'llama-server',
        '--model',
        'org/model',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--seed',
        '42',
        '--n-gpu-layers',
        '999',
        '--parallel',
        '4',
        '--ctx-size',
        '4096',
        '--threads',
        '2',
        '--batch-size',
        '512',
        '--ubatch-size',
        '128',
        '--flash-attn',
        'on',
        '--cache-type-k',
        'q8_0',
        '--cache-type-v',
        'q8_0',
        '--no-mmap',
      ],
    ],
    [
      'llama-server, numeric gpu_layers and launch.args',
      {
        ...launch('llama-server', { args: { '--metrics': true, alias: 'tiny' } }),
        llamacpp: { gpu_layers: 12 },
      },
      [
        'llama-server',
        '--model',
        'org/model',
        '--host',
        '127.0.0.1',
        '--port',
        '8123',
        '--seed',
        '42',
        '--n-gpu-layers',
        '12',
        '--metrics',
        '--alias',
        'tiny',
      ],
    ],
    [
      'raw command: placeholders replaced, nothing added',
      {
        openai: {
          launch: {
            command: [
              'python',
              '-m',
              'llama_cpp.server',
              '--model',
              '{model}',
              '--port',
              '{port}',
              '--host',
              '{host}',
            ],
          },
        },
      },
      ['python', '-m', 'llama_cpp.server', '--model', 'org/model', '--port', '8123', '--host', '127.0.0.1'],
    ],
  ];

  it.each(table)('%s', (_name, input, argv) => {
    expect(argvOf(input)).toEqual(argv);
  });

  it('trtllm writes the fields without flags to the options file', () => {
    const config = experimentSchema.parse({
      model: 'org/model',
      engine: 'openai',
      ...launch('trtllm'),
      tensorrt: { dtype: 'float16', max_input_len: 1024, quant_config: { quant_algo: 'FP8' } },
    });
    const cmd = serverCommand(config, target);
    expect(JSON.parse(cmd.files['/tmp/x/opts.yaml']!)).toEqual({
      dtype: 'float16',
      max_input_len: 1024,
      quant_config: { quant_algo: 'FP8' },
    });
  });

  it('the section a preset maps is valid beside engine: openai; other sections still are not', () => {
    const parse = (extra: object) =>
      experimentSchema.parse({ model: 'm', engine: 'openai', ...launch('vllm'), ...extra });
    expect(checkRules(parse({ vllm: { engine: { max_num_seqs: 8 } } })).issues).toEqual([]);
    const bad = checkRules(parse({ llamacpp: { threads: 2 } }));
    expect(bad.issues.map((i) => i.code)).toEqual(['engine_section_mismatch']);
  });
});
