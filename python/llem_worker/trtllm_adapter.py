"""TensorRT-LLM adapter: the LLM API (`tensorrt_llm.LLM`), a prebuilt engine via `engine_path`."""

import resource
import time

import tensorrt_llm
from tensorrt_llm import LLM, SamplingParams

from mapping import tensorrt_kwargs
from model_info import info_from_config
from tokens import truncate

ENGINE_VERSION = tensorrt_llm.__version__


def device_name():
    return "cuda"


def versions():
    return {"tensorrt_llm": tensorrt_llm.__version__}


class Adapter:
    def __init__(self, channel):
        self.channel = channel
        self.llm = None

    def load(self, config):
        m = tensorrt_kwargs(config)
        if "error" in m:
            raise ValueError(m["error"]["message"])
        self.mapping = m
        kwargs = dict(m["llm"])
        if "quant_config" in kwargs or "kv_cache_config" in kwargs:
            from tensorrt_llm.llmapi import KvCacheConfig, QuantConfig

            if "quant_config" in kwargs:
                kwargs["quant_config"] = QuantConfig(**kwargs["quant_config"])
            if "kv_cache_config" in kwargs:
                kwargs["kv_cache_config"] = KvCacheConfig(**kwargs["kv_cache_config"])
        self.llm = LLM(**kwargs)
        self.tokenizer = self.llm.tokenizer
        from transformers import AutoConfig

        info = info_from_config(AutoConfig.from_pretrained(config["model"]))
        effective = {"engine_version": ENGINE_VERSION, "llm": m["llm"], "sampling": m["sampling"]}
        return info, effective, m["llm"].get("max_batch_size")

    def generate(self, requests, t0):
        ms = lambda t: (t - t0) * 1000.0  # noqa: E731
        limit_in = self.mapping["max_input_tokens"]
        prompts, truncated = [], []
        for r in requests:
            ids, cut = truncate(r["tokens"] if r.get("tokens") is not None else self.tokenizer.encode(r["prompt"]), limit_in)
            truncated.append(cut)
            prompts.append(ids)
        params = [SamplingParams(**{**self.mapping["sampling"], "max_tokens": int(r["max_output_tokens"])}) for r in requests]
        start = time.perf_counter()
        outputs = self.llm.generate(prompts, sampling_params=params, use_tqdm=False)
        end = time.perf_counter()
        return [
            {
                "id": r["id"],
                "input_tokens": len(p),
                "output_tokens": len(out.outputs[0].token_ids),
                "truncated": cut,
                "start_ms": ms(start),
                "first_token_ms": None,
                "token_ms": None,
                "end_ms": ms(end),
            }
            for r, p, cut, out in zip(requests, prompts, truncated, outputs)
        ]

    def stats(self):
        return {"peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "details": {}}

    def unload(self):
        if self.llm is not None and hasattr(self.llm, "shutdown"):
            self.llm.shutdown()
        self.llm = None
