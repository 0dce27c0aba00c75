"""gunicorn for the benchmarks: the repository's config file (config/gunicorn.conf.py), 2 workers on
127.0.0.1, the perf settings; worker recycling (`max_requests`) off so that no worker restarts in the
middle of a measurement."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .client import build_request, fetch
from .data import log

REPO = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, *, env: dict[str, str], workers: int = 2, threads: int = 1):
        self.env = env
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="perf-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def start(self, timeout: float = 60) -> None:
        env = {
            **os.environ,
            **self.env,
            "BIND": self.address,
            "WEB_CONCURRENCY": str(self.workers),
            "GUNICORN_THREADS": str(self.threads),
            "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "config/gunicorn.conf.py",
            "--max-requests",
            "0",
            "config.wsgi:application",
        ]
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        log(f"gunicorn started (pid {self.process.pid}, {self.workers} {self.worker_class} workers)")
        deadline = time.monotonic() + timeout
        request = build_request("GET", "/healthz", host=self.address)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.tail()}")
            try:
                response, _elapsed = fetch(HOST, self.port, request)
            except OSError:
                time.sleep(0.2)
                continue
            if response.status == 200:
                return
            raise RuntimeError(f"/healthz answered {response.status}:\n{self.tail()}")
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # the master stops its workers gracefully
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        log("gunicorn stopped")

    def tail(self, lines: int = 40) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def errors(self) -> list[str]:
        """Lines of the server log that are neither access-log lines nor gunicorn's own notices."""
        self.log.flush()
        return [
            line
            for line in Path(self.log.name).read_text(errors="replace").splitlines()
            if "Traceback" in line or "ERROR" in line or "Error" in line
        ]

    def cleanup(self) -> None:
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)
