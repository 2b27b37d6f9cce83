"""llem config -> engine keyword arguments: pure functions, the single source of truth.

Every function here takes the experiment config as llem resolved it (a dict, snake_case, as in
the YAML) and returns plain JSON-safe dicts; nothing is imported from an engine. Dtypes stay
strings (the adapters turn them into torch dtypes). `python worker.py --map` runs these on
cases read from stdin, which is how the TypeScript tests check them.
"""

SAMPLING_PRESETS = {
    "deterministic": {"temperature": 0.0},
    "standard": {"temperature": 1.0, "top_p": 0.95},
    "creative": {"temperature": 0.8, "top_p": 0.9, "repetition_penalty": 1.1},
    "factual": {"temperature": 0.3},
}

SIXTEEN_BIT = ("float16", "bfloat16")


class MappingError(ValueError):
    """A config the engine cannot honour; `path` names the offending field."""

    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = message


def _section(config, name):
    section = config.get(name)
    return section if isinstance(section, dict) else {}


def resolve_sampling(config):
    """Preset values, overridden by explicit ones; temperature 0 (greedy) when nothing is set."""
    sampling = config.get("sampling") or {}
    values = dict(SAMPLING_PRESETS.get(sampling.get("preset"), {}))
    for key in ("temperature", "top_k", "top_p", "min_p", "repetition_penalty"):
        if sampling.get(key) is not None:
            values[key] = sampling[key]
    values.setdefault("temperature", 0.0)
    return values


def transformers_kwargs(config):
    """`from_pretrained`, `generate` and `torch.compile` keyword arguments, and the batch size."""
    t = _section(config, "transformers")
    if t.get("load_in_4bit") and t.get("load_in_8bit"):
        raise MappingError("transformers.load_in_8bit", "load_in_4bit and load_in_8bit are exclusive")
    attn = t.get("attn_implementation")
    dtype = t.get("dtype")
    if attn is not None and attn.startswith("flash_attention") and dtype not in SIXTEEN_BIT:
        raise MappingError(
            "transformers.attn_implementation",
            f"{attn} needs dtype float16 or bfloat16 (dtype is {dtype or 'unset = float32'})",
        )
    load = {}
    if dtype is not None:
        load["dtype"] = dtype
    if attn is not None:
        load["attn_implementation"] = attn
    if t.get("device_map") is not None:
        load["device_map"] = t["device_map"]
    if t.get("revision") is not None:
        load["revision"] = t["revision"]
    if t.get("load_in_4bit"):
        bnb = {"load_in_4bit": True}
        for key in ("bnb_4bit_compute_dtype", "bnb_4bit_quant_type", "bnb_4bit_use_double_quant"):
            if t.get(key) is not None:
                bnb[key] = t[key]
        load["quantization_config"] = bnb
    elif t.get("load_in_8bit"):
        load["quantization_config"] = {"load_in_8bit": True}

    limit = config.get("max_output_tokens", 256)
    generate = {"max_new_tokens": limit}
    if config.get("fixed_output_length"):
        generate["min_new_tokens"] = limit
    s = resolve_sampling(config)
    if s["temperature"] == 0:
        generate["do_sample"] = False
    else:
        generate["do_sample"] = True
        generate["temperature"] = s["temperature"]
        # transformers' defaults (top_k 50) would silently narrow sampling: always say what we mean.
        generate["top_k"] = s.get("top_k", 0)
        generate["top_p"] = s.get("top_p", 1.0)
        if s.get("min_p") is not None:
            generate["min_p"] = s["min_p"]
    if s.get("repetition_penalty") is not None and s["repetition_penalty"] != 1:
        generate["repetition_penalty"] = s["repetition_penalty"]
    if t.get("num_beams") is not None:
        generate["num_beams"] = t["num_beams"]
    if t.get("use_cache") is not None:
        generate["use_cache"] = t["use_cache"]
    if t.get("cache_implementation") is not None and t.get("use_cache") is not False:
        generate["cache_implementation"] = t["cache_implementation"]

    compile_kwargs = None
    if t.get("torch_compile"):
        compile_kwargs = {}
        if t.get("torch_compile_mode") is not None:
            compile_kwargs["mode"] = t["torch_compile_mode"]
        if t.get("torch_compile_backend") is not None:
            compile_kwargs["backend"] = t["torch_compile_backend"]
    return {
        "from_pretrained": load,
        "generate": generate,
        "compile": compile_kwargs,
        "batch_size": t.get("batch_size", 1),
        "max_input_tokens": config.get("max_input_tokens", 256),
    }


def vllm_kwargs(config):
    """`LLM(...)` and `SamplingParams(...)` keyword arguments; unknown `vllm.engine` keys pass through."""
    engine = dict(_section(_section(config, "vllm"), "engine"))
    if engine.get("gpu_memory_utilization") is not None and engine.get("kv_cache_memory_bytes") is not None:
        raise MappingError(
            "vllm.engine.kv_cache_memory_bytes", "exclusive with vllm.engine.gpu_memory_utilization"
        )
    llm = {"model": config["model"], "seed": config.get("random_seed", 42)}
    llm.update({k: v for k, v in engine.items() if v is not None})
    limit = config.get("max_output_tokens", 256)
    s = resolve_sampling(config)
    sampling = {"n": 1, "max_tokens": limit, "temperature": s["temperature"], "seed": config.get("random_seed", 42)}
    if s["temperature"] != 0:
        sampling["top_p"] = s.get("top_p", 1.0)
        # vLLM spells "no top-k" as -1 (0 is accepted by newer releases only).
        sampling["top_k"] = s["top_k"] if s.get("top_k") else -1
        if s.get("min_p") is not None:
            sampling["min_p"] = s["min_p"]
    return _with_common_sampling(llm, sampling, s, config, limit)


TENSORRT_LLM_FIELDS = (
    "max_batch_size",
    "max_input_len",
    "max_seq_len",
    "tensor_parallel_size",
    "pipeline_parallel_size",
    "dtype",
)


def tensorrt_kwargs(config):
    """TensorRT-LLM `LLM(...)` arguments (`engine_path` replaces the model), and `SamplingParams`."""
    t = _section(config, "tensorrt")
    llm = {"model": t.get("engine_path") or config["model"]}
    if t.get("engine_path"):
        # A prebuilt engine has no tokenizer inside: take it from the model.
        llm["tokenizer"] = config["model"]
    for key in TENSORRT_LLM_FIELDS:
        if t.get(key) is not None:
            llm[key] = t[key]
    if t.get("quant_config") is not None:
        llm["quant_config"] = dict(t["quant_config"])
    if t.get("kv_cache_config") is not None:
        llm["kv_cache_config"] = dict(t["kv_cache_config"])
    limit = config.get("max_output_tokens", 256)
    need = config.get("max_input_tokens", 256) + limit
    if t.get("max_seq_len") is not None and t["max_seq_len"] < need:
        raise MappingError(
            "tensorrt.max_seq_len",
            f"{t['max_seq_len']} is below max_input_tokens + max_output_tokens ({need})",
        )
    s = resolve_sampling(config)
    sampling = {"max_tokens": limit, "seed": config.get("random_seed", 42)}
    if s["temperature"] == 0:
        sampling["top_k"] = 1
        sampling["temperature"] = 0.0
    else:
        sampling["temperature"] = s["temperature"]
        sampling["top_p"] = s.get("top_p", 1.0)
        if s.get("top_k"):
            sampling["top_k"] = s["top_k"]
        if s.get("min_p") is not None:
            sampling["min_p"] = s["min_p"]
    return _with_common_sampling(llm, sampling, s, config, limit)


MAPPERS = {"transformers": transformers_kwargs, "vllm": vllm_kwargs, "tensorrt": tensorrt_kwargs}


def map_config(engine, config):
    """The mapping for `engine`, or `{"error": {"path", "message"}}` when the config cannot be honoured."""
    try:
        return MAPPERS[engine](config)
    except MappingError as e:
        return {"error": {"path": e.path, "message": e.message}}


def _with_common_sampling(llm, sampling, s, config, limit):
    """The sampling fields vLLM and TensorRT-LLM spell alike, and the adapter's mapping."""
    if s.get("repetition_penalty") is not None:
        sampling["repetition_penalty"] = s["repetition_penalty"]
    if config.get("fixed_output_length"):
        sampling["ignore_eos"] = True
        sampling["min_tokens"] = limit
    return {"llm": llm, "sampling": sampling, "max_input_tokens": config.get("max_input_tokens", 256)}
