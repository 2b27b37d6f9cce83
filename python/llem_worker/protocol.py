"""The stdio channel: newline-delimited JSON, one message per line (protocol version below).

stdout belongs to the protocol alone: the original file descriptor 1 is kept for messages and
fd 1 is pointed at stderr, so prints and C-level writes from engines land in the run log
instead of corrupting the channel.
"""

import json
import os
import queue
import sys
import threading
import traceback

PROTOCOL_VERSION = 1
WORKER_VERSION = "0.1.0"


class Channel:
    """Writes messages (thread-safe) and reads requests on a thread, so `cancel` acts mid-call."""

    def __init__(self):
        self._out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()
        self.requests = queue.Queue()
        self.cancel = threading.Event()
        self.steps = 0

    def send(self, message):
        line = json.dumps(message, separators=(",", ":"), allow_nan=False)
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def error(self, msg_id, code, message, tb=None):
        self.send({"type": "error", "id": msg_id, "code": code, "message": message, "traceback": tb})

    def start_reader(self):
        threading.Thread(target=self._read, name="llem-reader", daemon=True).start()

    def start_heartbeat(self, interval_s):
        if interval_s <= 0:
            return

        def beat():
            stop = threading.Event()
            while not stop.wait(interval_s):
                try:
                    self.send({"type": "heartbeat", "steps": self.steps})
                except (OSError, ValueError):
                    return

        threading.Thread(target=beat, name="llem-heartbeat", daemon=True).start()

    def _read(self):
        for raw in sys.stdin.buffer:
            try:
                message = json.loads(raw)
                if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                    raise ValueError("a message is a JSON object with a string `type`")
            except ValueError as e:
                self.error(None, "bad_message", f"unreadable request line: {e}")
                continue
            if message["type"] == "cancel":
                self.cancel.set()
            else:
                self.requests.put(message)
        self.requests.put(None)


def format_exception(e):
    return "".join(traceback.format_exception(type(e), e, e.__traceback__))
