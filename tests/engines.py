"""Real triplestores for the remote tests, started on free 127.0.0.1 ports in temporary folders.

- :class:`Oxigraph`: ``oxigraph serve`` from the ``oxigraph`` package (the test extra).
- :class:`Virtuoso`: Debian's ``virtuoso-opensource`` (``virtuoso-t``, installed by ``.ci/run``), with
  its own ``virtuoso.ini``, a user allowed to write through the digest-protected Graph Store endpoint.
- :class:`Guard`: a proxy in front of a server that wants HTTP basic auth or a Bearer token, as
  production stores behind a gateway do.
"""

from __future__ import annotations

import base64
import http.server
import shutil
import subprocess
import threading
import time
from pathlib import Path

import httpx

from tests.helpers import need
from tests.test_server import free_port

#: The credentials the tests use: distinctive, so outputs can be searched for them.
USER = "kgtest"
PASSWORD = "Pw-7q2Zx-never-printed"
TOKEN = "tok-4Hn8-never-printed"


def _wait(url: str, process: subprocess.Popen[bytes], what: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before answering")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{what} did not answer within {seconds:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


class Oxigraph:
    """``oxigraph serve`` on a free port: /query, /update, /store."""

    def __init__(self, location: Path) -> None:
        binary = shutil.which("oxigraph")
        need(binary is not None, "the `oxigraph` server (pip install oxigraph) is not installed")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url, self.store_url = self.base + "/query", self.base + "/store"
        self.process = subprocess.Popen(
            [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.base + "/query?query=ASK%7B%7D", self.process, "oxigraph serve", 30)

    def stop(self) -> None:
        _stop(self.process)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""


class Virtuoso:
    """Virtuoso 7 (``virtuoso-t``) in a temporary folder: /sparql, /sparql-graph-crud-auth (digest).

    A user ``USER`` with ``PASSWORD`` may write through the protected endpoints.
    """

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("virtuoso-t")
        need(binary is not None, "Virtuoso (apt-get install virtuoso-opensource) is not installed")
        isql = shutil.which("isql-vt") or shutil.which("isql")
        need(isql is not None, "Virtuoso's isql (virtuoso-opensource) is not installed")
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url, self.store_url = self.base + "/sparql", self.base + "/sparql-graph-crud-auth"
        (directory / "virtuoso.ini").write_text(
            _VIRTUOSO_INI.format(dir=directory, sql_port=self.sql_port, http_port=self.port), encoding="utf-8"
        )
        self.process = subprocess.Popen(
            [str(binary), "+configfile", "virtuoso.ini", "+foreground"],
            cwd=directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.base + "/sparql?query=ASK%7B%7D", self.process, "virtuoso-t")
        self.sql(
            f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\"; "
            f"DB.DBA.RDF_DEFAULT_USER_PERMS_SET('{USER}', 7);"
        )
        self.isql = isql

    def sql(self, statements: str) -> str:
        """Run SQL as the administrator (isql on the SQL port)."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        done = subprocess.run(
            [str(isql), f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return done.stdout

    def stop(self) -> None:
        _stop(self.process)


class Guard:
    """A proxy on a free port that forwards to ``target`` only with HTTP basic auth or a Bearer token.

    ``kind`` is ``"basic"`` (user ``USER``, password ``PASSWORD``) or ``"bearer"`` (``TOKEN``). Each
    request that reaches it is counted in :attr:`requests` (to show no retry storm).
    """

    def __init__(self, target: str, kind: str) -> None:
        expected = (
            "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if kind == "basic"
            else f"Bearer {TOKEN}"
        )
        guard = self
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def _forward(self) -> None:
                guard.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    if kind == "basic":
                        self.send_header("WWW-Authenticate", 'Basic realm="kg tests"')
                    else:
                        self.send_header("WWW-Authenticate", 'Bearer realm="kg tests"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization")
                }
                answer = httpx.request(
                    self.command, target + self.path, content=body, headers=headers, timeout=60
                )
                self.send_response(answer.status_code)
                for name in ("Content-Type", "Server"):
                    if name in answer.headers:
                        self.send_header(name, answer.headers[name])
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rows_without_inferred(tsv: str) -> list[str]:
    """A local answer's TSV lines, sorted, without the ``inferred`` column that `kg query --reason` adds
    (a remote store holds asserted and inferred triples alike, so its answers have no such column)."""
    lines = tsv.splitlines()
    if lines and lines[0].split("\t")[-1] == "?inferred":
        lines = [line.rsplit("\t", 1)[0] for line in lines]
    return sorted(lines)
