"""The Python side of bench/openai-client.js: an asyncio/aiohttp streaming client written the
way serving benchmarks write it (vLLM's benchmark_serving request function): `async for` over
`response.content` lines, strip, remove the `data: ` prefix, json.loads, timestamp per chunk.
Prints one JSON line: tokens, CPU seconds and wall seconds of this process.
  python openai-client-aiohttp.py URL STREAMS REQUESTS
"""
import asyncio
import json
import sys
import time

import aiohttp

AIOHTTP_TIMEOUT = aiohttp.ClientTimeout(total=6 * 60 * 60)


async def one(session, url, payload):
    tokens = 0
    itl = []
    ttft = 0.0
    st = time.perf_counter()
    most_recent = st
    generated = ""
    async with session.post(url=url, json=payload) as response:
        if response.status == 200:
            first = False
            async for chunk_bytes in response.content:
                chunk_bytes = chunk_bytes.strip()
                if not chunk_bytes:
                    continue
                chunk = chunk_bytes.decode("utf-8").removeprefix("data: ")
                if chunk != "[DONE]":
                    data = json.loads(chunk)
                    if choices := data.get("choices"):
                        text = choices[0].get("text")
                        timestamp = time.perf_counter()
                        if not first:
                            first = True
                            ttft = timestamp - st
                        else:
                            itl.append(timestamp - most_recent)
                        most_recent = timestamp
                        generated += text or ""
                        tokens += 1
    return tokens


async def main(url, streams, requests):
    payload = {"model": "m", "prompt": "hello", "max_tokens": 256, "stream": True}
    total = 0
    left = requests

    async with aiohttp.ClientSession(trust_env=True, timeout=AIOHTTP_TIMEOUT) as session:
        async def worker():
            nonlocal total, left
            while left > 0:
                left -= 1
                n = await one(session, url, payload)  # not `total += await …`: that reads total before awaiting
                total += n

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(streams)))
        cpu = time.process_time() - cpu0
        wall = time.perf_counter() - t0
    print(json.dumps({"tokens": total, "cpu_s": cpu, "wall_s": wall}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
