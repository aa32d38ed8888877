"""A small closed-loop HTTP/1.1 load generator on keep-alive connections (asyncio + uvloop).

It runs in its own process, sends pre-built requests and parses only the status line and
``Content-Length``, so one core of client drives far more requests than the server serves.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> dict[str, float]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2),
        }


def post_request(
    host: str, port: int, path: str, body: dict[str, object], token: str | None = None
) -> bytes:
    payload = json.dumps(body).encode()
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


async def _worker(
    host: str,
    port: int,
    make_request: Callable[[int], bytes],
    deadline: float,
    latencies: list[float],
    errors: list[int],
    worker: int,
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    n = worker
    while time.perf_counter() < deadline:
        request = make_request(n)
        n += 1_000
        started = time.perf_counter()
        writer.write(request)
        status = await _read_response(reader)
        latencies.append((time.perf_counter() - started) * 1000)
        if status >= 400:
            errors.append(status)
    writer.close()


async def _run(
    host: str, port: int, make_request: Callable[[int], bytes], concurrency: int, seconds: float
) -> LoadResult:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _worker(host, port, make_request, deadline, latencies, errors, w)
            for w in range(concurrency)
        )
    )
    return LoadResult(len(latencies), len(errors), time.perf_counter() - started, latencies)


def run_load(
    host: str, port: int, make_request: Callable[[int], bytes], concurrency: int, seconds: float
) -> LoadResult:
    try:
        import uvloop

        return uvloop.run(_run(host, port, make_request, concurrency, seconds))
    except ImportError:
        return asyncio.run(_run(host, port, make_request, concurrency, seconds))
