"""Writes a tiny random Llama model and tokenizer with transformers itself (no download).

    python make_tiny_llama.py OUT_DIR [HIDDEN LAYERS]

Character-level vocabulary (printable ASCII and a few words) in a `tokenizers` WordLevel model,
so any ASCII text round-trips; by default 2 layers, hidden 32, grouped-query attention (4 heads,
2 KV heads); the benchmark asks for a larger one.
"""

import sys

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

out = sys.argv[1]
hidden = int(sys.argv[2]) if len(sys.argv) > 2 else 32
layers = int(sys.argv[3]) if len(sys.argv) > 3 else 2
torch.manual_seed(0)
words = ["<unk>", "<s>", "</s>", "<pad>"] + [chr(c) for c in range(32, 127)] + ["\n"]
tok = Tokenizer(models.WordLevel(vocab={w: i for i, w in enumerate(words)}, unk_token="<unk>"))
tok.pre_tokenizer = pre_tokenizers.Split("", "isolated")
tok.decoder = decoders.Fuse()
fast = PreTrainedTokenizerFast(
    tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>"
)
config = LlamaConfig(
    vocab_size=len(words),
    hidden_size=hidden,
    intermediate_size=2 * hidden,
    num_hidden_layers=layers,
    num_attention_heads=4,
    num_key_value_heads=2,
    max_position_embeddings=1024,
    bos_token_id=1,
    eos_token_id=2,
    pad_token_id=3,
)
LlamaForCausalLM(config).save_pretrained(out)
fast.save_pretrained(out)
