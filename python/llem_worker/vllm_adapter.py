"""vLLM offline adapter: one `LLM.generate` call per batch of token-id prompts."""

import resource
import time

import vllm
from vllm import LLM, SamplingParams

from mapping import vllm_kwargs
from model_info import info_from_config
from tokens import truncate

ENGINE_VERSION = vllm.__version__


def device_name():
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:
        return "unknown"


def versions():
    return {"vllm": vllm.__version__}


class Adapter:
    def __init__(self, channel):
        self.channel = channel
        self.llm = None

    def load(self, config):
        m = vllm_kwargs(config)
        self.mapping = m
        self.config = config
        self.llm = LLM(**m["llm"])
        self.tokenizer = self.llm.get_tokenizer()
        hf = self.llm.llm_engine.model_config.hf_config
        info = info_from_config(hf, weight_type=str(self.llm.llm_engine.model_config.dtype).replace("torch.", ""))
        effective = {"engine_version": ENGINE_VERSION, "llm": m["llm"], "sampling": m["sampling"]}
        # vLLM schedules continuous batches itself: every offered request goes in one call.
        return info, effective, None

    def generate(self, requests, t0):
        ms = lambda t: (t - t0) * 1000.0  # noqa: E731
        limit_in = self.mapping["max_input_tokens"]
        prompts, truncated = [], []
        for r in requests:
            ids, cut = truncate(r["tokens"] if r.get("tokens") is not None else self.tokenizer.encode(r["prompt"]), limit_in)
            truncated.append(cut)
            prompts.append({"prompt_token_ids": ids})
        params = [SamplingParams(**{**self.mapping["sampling"], "max_tokens": int(r["max_output_tokens"])}) for r in requests]
        start = time.perf_counter()
        wall_offset = time.time() - start
        outputs = self.llm.generate(prompts, params, use_tqdm=False)
        end = time.perf_counter()
        results = []
        for r, p, cut, out in zip(requests, prompts, truncated, outputs):
            first = None
            metrics = getattr(out, "metrics", None)
            if metrics is not None and getattr(metrics, "first_token_time", None):
                first = ms(metrics.first_token_time - wall_offset)
            results.append(
                {
                    "id": r["id"],
                    "input_tokens": len(p["prompt_token_ids"]),
                    "output_tokens": len(out.outputs[0].token_ids),
                    "truncated": cut,
                    "start_ms": ms(start),
                    "first_token_ms": first,
                    "token_ms": None,
                    "end_ms": ms(end),
                }
            )
        return results

    def stats(self):
        details = {}
        try:
            import torch

            if torch.cuda.is_available():
                details["cuda_peak_allocated_bytes"] = torch.cuda.max_memory_allocated()
        except ImportError:
            pass
        return {"peak_memory_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "details": details}

    def unload(self):
        self.llm = None
