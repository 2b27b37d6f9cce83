#!/usr/bin/env python3
"""llem's Python worker: drives one engine over newline-delimited JSON on stdio (protocol v1).

    worker.py --engine transformers|vllm|tensorrt   serve the protocol (see protocol.py)
    worker.py --map                                 config -> kwargs cases, JSON in, JSON out
    worker.py --tokenize MODEL                      one encode/decode request, JSON in, JSON out

Requests (llem -> worker): load, warmup, generate, stats, shutdown, cancel. Replies (worker ->
llem): hello (first, unasked), loaded, generated, stats, bye, error, heartbeat. Every reply
carries the request's `id`; errors carry a code, a message and the Python traceback. The worker
imports only the engine it was started for; llem owns every clock that matters, so times here
are offsets in ms from the moment a request was read.
"""

import importlib
import json
import os
import platform
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from protocol import PROTOCOL_VERSION, WORKER_VERSION, Channel, format_exception  # noqa: E402

ADAPTERS = {"transformers": "hf_adapter", "vllm": "vllm_adapter", "tensorrt": "trtllm_adapter"}


def serve(engine):
    channel = Channel()
    hello = {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "worker_version": WORKER_VERSION,
        "python": platform.python_version(),
        "executable": sys.executable,
        "pid": os.getpid(),
        "engine": engine,
    }
    try:
        module = importlib.import_module(ADAPTERS[engine])
    except Exception as e:  # noqa: BLE001 - any import failure is reported, not raised
        hello["error"] = {"code": "import_failed", "message": f"{type(e).__name__}: {e}", "traceback": format_exception(e)}
        channel.send(hello)
        return 3
    hello.update(engine_version=module.ENGINE_VERSION, device=module.device_name(), versions=module.versions())
    channel.send(hello)
    channel.start_reader()
    channel.start_heartbeat(float(os.environ.get("LLEM_WORKER_HEARTBEAT_S", "1")))
    adapter = module.Adapter(channel)
    while True:
        message = channel.requests.get()
        if message is None:
            return 0
        t0 = time.perf_counter()
        kind, msg_id = message["type"], message.get("id")
        try:
            if kind == "load":
                info, effective, max_batch = adapter.load(message["config"])
                channel.send({"type": "loaded", "id": msg_id, "model": info, "effective": effective, "max_batch": max_batch})
            elif kind in ("generate", "warmup"):
                channel.cancel.clear()
                results = adapter.generate(message["requests"], t0)
                elapsed = (time.perf_counter() - t0) * 1000.0
                channel.send({"type": "generated", "id": msg_id, "results": results, "elapsed_ms": elapsed})
            elif kind == "stats":
                channel.send({"type": "stats", "id": msg_id, **adapter.stats()})
            elif kind == "shutdown":
                adapter.unload()
                channel.send({"type": "bye", "id": msg_id})
                return 0
            else:
                channel.error(msg_id, "unknown_type", f"unknown request type {kind!r}")
        except Exception as e:  # noqa: BLE001 - every failure goes back as a typed error
            channel.error(msg_id, f"{kind}_failed", f"{type(e).__name__}: {e}", format_exception(e))


def map_cases():
    from mapping import map_config

    cases = json.load(sys.stdin)
    json.dump([map_config(c["engine"], c["config"]) for c in cases], sys.stdout)
    return 0


def tokenize(model):
    request = json.load(sys.stdin)
    path = os.path.join(model, "tokenizer.json")
    if os.path.isfile(path):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(path)
        encode = lambda text: tok.encode(text, add_special_tokens=False).ids  # noqa: E731
        decode = lambda ids: tok.decode(ids, skip_special_tokens=False)  # noqa: E731
    else:
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(model)
        encode = lambda text: tok(text, add_special_tokens=False).input_ids  # noqa: E731
        decode = lambda ids: tok.decode(ids, skip_special_tokens=False)  # noqa: E731
    if "text" in request:
        json.dump({"tokens": encode(request["text"])}, sys.stdout)
    else:
        json.dump({"text": decode(request["tokens"])}, sys.stdout)
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "--engine" and argv[1] in ADAPTERS:
        return serve(argv[1])
    if argv == ["--map"]:
        return map_cases()
    if len(argv) == 2 and argv[0] == "--tokenize":
        return tokenize(argv[1])
    sys.stderr.write(f"usage: worker.py --engine {{{','.join(ADAPTERS)}}} | --map | --tokenize MODEL\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
