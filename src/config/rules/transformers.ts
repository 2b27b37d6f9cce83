import { batchOnly, edited, type Rule } from './rule.js';

/** Hugging Face transformers rules (Python worker). */

const BNB_4BIT = ['bnb_4bit_compute_dtype', 'bnb_4bit_quant_type', 'bnb_4bit_use_double_quant'] as const;

/** transformers rules. */
export const transformersRules: readonly Rule[] = [
  {
    id: 'quantisation_exclusive',
    engine: 'transformers',
    severity: 'error',
    path: ['transformers', 'load_in_8bit'],
    when: (c) => c.transformers?.load_in_4bit === true && c.transformers.load_in_8bit === true,
    message: 'exclusive with transformers.load_in_4bit',
    fix: 'set only one of them to true',
  },
  {
    id: 'flash_attention_dtype',
    engine: 'transformers',
    severity: 'error',
    path: ['transformers', 'attn_implementation'],
    when: (c) =>
      c.transformers?.attn_implementation?.startsWith('flash_attention') === true &&
      c.transformers.dtype !== 'float16' &&
      c.transformers.dtype !== 'bfloat16',
    message: (c) =>
      `${c.transformers?.attn_implementation} needs a 16-bit dtype (dtype is ${c.transformers?.dtype ?? 'unset = float32'})`,
    fix: 'set transformers.dtype: bfloat16 (or float16), or use attn_implementation: sdpa',
  },
  ...(['torch_compile_mode', 'torch_compile_backend'] as const).map(
    (field): Rule => ({
      id: 'dormant_torch_compile_option',
      engine: 'transformers',
      severity: 'dormant',
      path: ['transformers', field],
      when: (c) => c.transformers?.[field] !== undefined && c.transformers.torch_compile !== true,
      message: 'ignored without transformers.torch_compile: true; removed',
      fix: 'set transformers.torch_compile: true or remove it',
      normalise: (c) => edited(c, (x) => delete x.transformers?.[field]),
    }),
  ),
  {
    id: 'dormant_bnb_4bit_option',
    engine: 'transformers',
    severity: 'dormant',
    path: ['transformers', 'load_in_4bit'],
    when: (c) =>
      c.transformers?.load_in_4bit !== true && BNB_4BIT.some((f) => c.transformers?.[f] !== undefined),
    message: 'is not true, so the bnb_4bit_* options are ignored; removed',
    fix: 'set transformers.load_in_4bit: true or remove the bnb_4bit_* options',
    normalise: (c) =>
      edited(c, (x) => {
        for (const f of BNB_4BIT) delete x.transformers?.[f];
      }),
  },
  {
    id: 'dormant_cache_implementation',
    engine: 'transformers',
    severity: 'dormant',
    path: ['transformers', 'cache_implementation'],
    when: (c) => c.transformers?.cache_implementation !== undefined && c.transformers.use_cache === false,
    message: 'ignored with transformers.use_cache: false; removed',
    fix: 'remove it or set use_cache: true',
    normalise: (c) => edited(c, (x) => delete x.transformers?.cache_implementation),
  },
  batchOnly('transformers'),
];
