"""The direct side of bench/python-worker.js: the same transformers generate call, without llem.

    python python-direct.py MODEL_DIR BATCH MAX_NEW_TOKENS MAX_INPUT_TOKENS

Reads one JSON list of prompts per line on stdin; for each, tokenizes (left padding, truncation)
and calls generate exactly as llem's worker would for a greedy fixed-length batch, then prints
{"output_tokens": n, "seconds": s} timed around tokenization + generate.
"""

import json
import sys
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

model_dir, batch, new_tokens, max_input = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
tok = AutoTokenizer.from_pretrained(model_dir)
tok.padding_side = "left"
model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    prompts = json.loads(line)
    t0 = time.perf_counter()
    produced = 0
    for i in range(0, len(prompts), batch):
        enc = tok(prompts[i : i + batch], return_tensors="pt", padding=True, truncation=True, max_length=max_input)
        with torch.inference_mode():
            out = model.generate(
                **enc, max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False, pad_token_id=tok.pad_token_id
            )
        produced += (out.shape[1] - enc["input_ids"].shape[1]) * out.shape[0]
    print(json.dumps({"output_tokens": produced, "seconds": time.perf_counter() - t0}), flush=True)
