"""A small HTTP/1.1 load client on asyncio streams (standard library only).

Each virtual client owns one connection, kept alive while the server allows it (gunicorn's gthread
workers) and reopened when the server answers `Connection: close` (its sync workers close after every
response). One event loop in one thread drives all of them, so the client costs far less CPU than a
thread per connection would on a two-core machine where it shares the CPUs with the server.
"""

import asyncio
import contextlib
import dataclasses
import time
from collections import Counter
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def build_request(
    method: str, path: str, *, host: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "User-Agent: perf-client"]
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0  # requests answered on the current socket
        self.opened = 0  # sockets opened in all

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        self.used = 0
        self.opened += 1

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> Response:
        for attempt in (1, 2):
            if self.writer is None:
                await self.open()
            reused = self.used > 0
            try:
                self.writer.write(raw)
                await self.writer.drain()
                return await self._read()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                # A kept-alive socket the server closed while idle: send again on a new one (once).
                if attempt == 2 or not reused:
                    raise
        raise AssertionError("unreachable")

    async def _read(self) -> Response:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        keep = headers.get("connection", "").lower() != "close"
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        elif status in (204, 304) or status < 200:
            body = b""
        else:
            body = await self.reader.read()
            keep = False
        self.used += 1
        if not keep:
            await self.close()
        return Response(status, headers, body)

    async def _chunked(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)


@dataclasses.dataclass
class LoadResult:
    concurrency: int
    seconds: float  # length of the measured window
    latencies: list[float]  # seconds, of the requests measured
    statuses: Counter
    connections_opened: int
    measured: int  # requests completed inside the window

    @property
    def throughput(self) -> float:
        return self.measured / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the measured latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000

    def summary(self) -> dict:
        return {
            "concurrency": self.concurrency,
            "requests": self.measured,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.throughput, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "max_ms": round(max(self.latencies) * 1000, 2) if self.latencies else None,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
        }


NextRequest = Callable[[int], tuple[bytes, Any] | None]
OnResponse = Callable[[Any, Response], None]


async def _load(
    host: str,
    port: int,
    *,
    concurrency: int,
    next_request: NextRequest,
    on_response: OnResponse | None,
    duration: float | None,
    warmup: float,
    interval: float | None = None,
) -> LoadResult:
    connections = [Connection(host, port) for _ in range(concurrency)]
    await asyncio.gather(*(c.open() for c in connections))  # connected before the clock starts
    latencies: list[float] = []
    statuses: Counter = Counter()
    start = time.perf_counter()
    window_start = start + warmup
    window_end = window_start + duration if duration is not None else None
    finished_at = [start]
    measured = [0]

    async def client(index: int) -> None:
        connection = connections[index]
        # Paced clients start spread over one interval, so they do not all send at the same instant.
        next_at = start + interval * index / concurrency if interval else None
        while True:
            if next_at is not None:
                delay = next_at - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                next_at += interval
            now = time.perf_counter()
            if window_end is not None and now >= window_end:
                break
            item = next_request(index)
            if item is None:
                break
            raw, tag = item
            sent = time.perf_counter()
            response = await connection.request(raw)
            done = time.perf_counter()
            if on_response is not None:
                on_response(tag, response)
            if sent >= window_start and (window_end is None or done <= window_end):
                latencies.append(done - sent)
                statuses[response.status] += 1
                measured[0] += 1
            finished_at[0] = max(finished_at[0], done)
        await connection.close()

    await asyncio.gather(*(client(i) for i in range(concurrency)))
    seconds = duration if duration is not None else finished_at[0] - window_start
    return LoadResult(
        concurrency=concurrency,
        seconds=seconds,
        latencies=latencies,
        statuses=statuses,
        connections_opened=sum(c.opened for c in connections),
        measured=measured[0],
    )


def run_load(
    host: str,
    port: int,
    *,
    concurrency: int,
    next_request: NextRequest,
    on_response: OnResponse | None = None,
    duration: float | None = None,
    warmup: float = 0.0,
    interval: float | None = None,
) -> LoadResult:
    """Send requests from `concurrency` clients at once. With `duration`, for `warmup` + `duration`
    seconds, measuring the requests sent and answered inside the last `duration` seconds; without it,
    until `next_request` returns None, measuring them all (throughput over the whole run).

    Without `interval` each client sends its next request as soon as it has the answer (the most the
    server can do: latency is then mostly waiting in line); with it, each client sends one request every
    `interval` seconds (a gate scanning at a given pace: latency is then the service time)."""
    return asyncio.run(
        _load(
            host,
            port,
            concurrency=concurrency,
            next_request=next_request,
            on_response=on_response,
            duration=duration,
            warmup=warmup,
            interval=interval,
        )
    )


def merge(results: list[LoadResult]) -> LoadResult:
    """Several measured windows as one (their latencies together, their throughput over their total time)."""
    statuses: Counter = Counter()
    for result in results:
        statuses.update(result.statuses)
    return LoadResult(
        concurrency=results[0].concurrency,
        seconds=sum(r.seconds for r in results),
        latencies=[latency for r in results for latency in r.latencies],
        statuses=statuses,
        connections_opened=sum(r.connections_opened for r in results),
        measured=sum(r.measured for r in results),
    )


def fetch(host: str, port: int, raw: bytes) -> tuple[Response, float]:
    """One request on a new connection: (response, seconds)."""

    async def one() -> tuple[Response, float]:
        connection = Connection(host, port)
        await connection.open()
        sent = time.perf_counter()
        response = await connection.request(raw)
        elapsed = time.perf_counter() - sent
        await connection.close()
        return response, elapsed

    return asyncio.run(one())
