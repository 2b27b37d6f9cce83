"""Architecture facts for FLOPs (llem's ModelInfo, snake_case), from a Hugging Face config."""


def _get(cfg, *names, default=None):
    for name in names:
        value = getattr(cfg, name, None)
        if value is not None:
            return value
    return default


def info_from_config(cfg, parameters=None, embedding_parameters=None, weights_bytes=None, weight_type=None):
    """ModelInfo from a transformers `PretrainedConfig`; parameters are counted analytically when not given."""
    text = getattr(cfg, "text_config", None) or cfg
    d = int(_get(text, "hidden_size", "n_embd", "d_model", default=0))
    layers = int(_get(text, "num_hidden_layers", "n_layer", "num_layers", default=0))
    heads = int(_get(text, "num_attention_heads", "n_head", default=0))
    kv_heads = int(_get(text, "num_key_value_heads", default=heads) or heads)
    head_dim = int(_get(text, "head_dim", default=(d // heads if heads else 0)) or (d // heads if heads else 0))
    ff = int(_get(text, "intermediate_size", "n_inner", "ffn_dim", default=4 * d) or 4 * d)
    vocab = int(_get(text, "vocab_size", default=0))
    ctx = int(_get(text, "max_position_embeddings", "n_positions", "max_seq_len", default=0) or 0)
    tied = bool(_get(cfg, "tie_word_embeddings", default=False))
    if parameters is None:
        per_layer = d * heads * head_dim + 2 * d * kv_heads * head_dim + heads * head_dim * d + 3 * d * ff + 2 * d
        embedding_parameters = vocab * d
        parameters = embedding_parameters + layers * per_layer + d + (0 if tied else vocab * d)
    if weights_bytes is None:
        weights_bytes = parameters * 2
    return {
        "architecture": str(_get(text, "model_type", default=_get(cfg, "model_type", default="unknown"))),
        "parameters": int(parameters),
        "embedding_parameters": int(embedding_parameters or 0),
        "layers": layers,
        "embedding_length": d,
        "heads": heads,
        "kv_heads": kv_heads,
        "head_dim": head_dim,
        "feed_forward_length": ff,
        "vocab_size": vocab,
        "context_length": ctx,
        "weights_bytes": int(weights_bytes),
        "weight_type": weight_type or str(_get(cfg, "torch_dtype", "dtype", default="unknown")).replace("torch.", ""),
        "tied_embeddings": tied,
    }
