"""Hugging Face transformers adapter: `from_pretrained` + batched `generate` with step timestamps."""

import resource
import time

import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer
from transformers.generation.streamers import BaseStreamer
from transformers.generation.stopping_criteria import StoppingCriteria, StoppingCriteriaList

from mapping import transformers_kwargs
from model_info import info_from_config
from tokens import count_output, left_pad, truncate

ENGINE_VERSION = transformers.__version__


def device_name():
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def versions():
    return {"transformers": transformers.__version__, "torch": torch.__version__}


class _StepTimes(BaseStreamer):
    """Records when each decode step's tokens exist (the first `put` is the prompt)."""

    def __init__(self, channel):
        self.times = []
        self._prompt_seen = False
        self._channel = channel

    def put(self, value):
        if not self._prompt_seen:
            self._prompt_seen = True
            return
        self.times.append(time.perf_counter())
        self._channel.steps += 1

    def end(self):
        pass


class _Cancel(StoppingCriteria):
    def __init__(self, event):
        self._event = event

    def __call__(self, input_ids, scores, **kwargs):
        return torch.full((input_ids.shape[0],), self._event.is_set(), dtype=torch.bool, device=input_ids.device)


class Adapter:
    def __init__(self, channel):
        self.channel = channel
        self.model = None
        self.tokenizer = None

    def load(self, config):
        m = transformers_kwargs(config)
        if "error" in m:
            raise ValueError(m["error"]["message"])
        self.mapping = m
        self.config = config
        load = dict(m["from_pretrained"])
        if "dtype" in load:
            load["dtype"] = getattr(torch, load["dtype"])
        if "quantization_config" in load:
            q = dict(load["quantization_config"])
            if "bnb_4bit_compute_dtype" in q:
                q["bnb_4bit_compute_dtype"] = getattr(torch, q["bnb_4bit_compute_dtype"])
            load["quantization_config"] = transformers.BitsAndBytesConfig(**q)
        revision = {"revision": load["revision"]} if "revision" in load else {}
        tok = AutoTokenizer.from_pretrained(config["model"], **revision)
        tok.padding_side = "left"
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token
        self.tokenizer = tok
        model = AutoModelForCausalLM.from_pretrained(config["model"], **load)
        self.device = device_name()
        if "device_map" not in load and "quantization_config" not in load:
            model = model.to(self.device)
        model.eval()
        if m["compile"] is not None:
            model.forward = torch.compile(model.forward, **m["compile"])
        self.model = model
        self.input_device = next(model.parameters()).device
        gen_cfg = model.generation_config
        eos = gen_cfg.eos_token_id if gen_cfg.eos_token_id is not None else tok.eos_token_id
        self.eos = set(eos if isinstance(eos, list) else [eos]) - {None}
        # Ids the tokenizer adds around a text prompt (BOS): added to pre-tokenized prompts too.
        with_sp = tok("x").input_ids
        without = tok("x", add_special_tokens=False).input_ids
        cut = len(with_sp) - len(without)
        self.prefix = with_sp[:cut] if cut > 0 and with_sp[cut:] == without else []
        params = sum(p.numel() for p in model.parameters())
        emb = model.get_input_embeddings().weight.numel()
        weights = sum(p.numel() * p.element_size() for p in model.parameters())
        dtype = str(model.dtype).replace("torch.", "")
        info = info_from_config(model.config, params, emb, weights, dtype)
        info["tied_embeddings"] = model.get_output_embeddings() is not None and (
            model.get_output_embeddings().weight.data_ptr() == model.get_input_embeddings().weight.data_ptr()
        )
        effective = {
            "engine_version": ENGINE_VERSION,
            "torch_version": torch.__version__,
            "device": str(self.input_device),
            "dtype": dtype,
            "attn_implementation": getattr(model.config, "_attn_implementation", None),
            "batch_size": m["batch_size"],
            "torch_threads": torch.get_num_threads(),
            "torch_compile": m["compile"] is not None,
            "from_pretrained": m["from_pretrained"],
            "generate": m["generate"],
        }
        return info, effective, m["batch_size"]

    def _ids(self, request):
        if request.get("tokens") is not None:
            ids = self.prefix + list(request["tokens"])
        else:
            ids = self.tokenizer(request["prompt"]).input_ids
        return truncate(ids, self.mapping["max_input_tokens"])

    def generate(self, requests, t0):
        size = max(1, self.mapping["batch_size"])
        results = []
        for i in range(0, len(requests), size):
            results.extend(self._batch(requests[i : i + size], t0))
        return results

    def _batch(self, requests, t0):
        ms = lambda t: (t - t0) * 1000.0  # noqa: E731
        start = time.perf_counter()
        encoded = [self._ids(r) for r in requests]
        pad = self.tokenizer.pad_token_id
        padded, padding_mask = left_pad([ids for ids, _ in encoded], pad)
        width = len(padded[0])
        input_ids = torch.tensor(padded, dtype=torch.long)
        mask = torch.tensor(padding_mask, dtype=torch.long)
        limits = [int(r["max_output_tokens"]) for r in requests]
        gen = dict(self.mapping["generate"])
        gen["max_new_tokens"] = max(limits)
        if "min_new_tokens" in gen:
            gen["min_new_tokens"] = max(limits)
        beams = gen.get("num_beams", 1) > 1
        streamer = None if beams else _StepTimes(self.channel)
        if gen.get("do_sample"):
            torch.manual_seed(int(self.config.get("random_seed", 42)) + int(requests[0]["id"]))
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids.to(self.input_device),
                attention_mask=mask.to(self.input_device),
                pad_token_id=pad,
                streamer=streamer,
                stopping_criteria=StoppingCriteriaList([_Cancel(self.channel.cancel)]),
                **gen,
            )
        end = time.perf_counter()
        generated = out[:, width:].tolist()
        fixed = bool(self.config.get("fixed_output_length"))
        results = []
        for r, (ids, truncated), row, limit in zip(requests, encoded, generated, limits):
            # Padding after a finished row, and the prompt's left padding, are never counted.
            n = count_output(row, limit, self.eos, fixed)
            times = None if streamer is None else [ms(t) for t in streamer.times[:n]]
            result = {
                "id": r["id"],
                "input_tokens": len(ids),
                "output_tokens": n,
                "truncated": truncated,
                "start_ms": ms(start),
                "first_token_ms": times[0] if times else None,
                "token_ms": times,
                "end_ms": ms(end),
            }
            stopped_early = n < limit and (n == 0 or row[n - 1] not in self.eos)
            if self.channel.cancel.is_set() and stopped_early:
                result["error"] = "aborted"
            results.append(result)
        return results

    def stats(self):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        details = {"device": self.device, "torch_threads": torch.get_num_threads()}
        if self.device == "cuda":
            details["cuda_peak_allocated_bytes"] = torch.cuda.max_memory_allocated()
            details["cuda_peak_reserved_bytes"] = torch.cuda.max_memory_reserved()
            peak = torch.cuda.max_memory_allocated()
        return {"peak_memory_bytes": peak, "details": details}

    def unload(self):
        self.model = None
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
