"""Credentials for remote endpoints: from the environment, ``~/.netrc`` or a prompt, never the command line.

A password given as a command-line argument shows in ``ps`` and in the shell's history, so there is
no option for one: ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD``, a ``machine`` entry of
``~/.netrc`` (or ``$NETRC``), or a prompt on a terminal. Tokens (``Authorization: Bearer …``) go in
``KG_ENDPOINT_TOKEN`` or a ``--header``.

The password is only sent when the server asks for it (a 401 answer), in the scheme it asks for:
HTTP digest (Virtuoso) or basic. It is never part of a message, a repr or a log line.
"""

from __future__ import annotations

import base64
import contextlib
import netrc
import os
import threading
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from kg.errors import RemoteError

__all__ = ["ENV_PASSWORD", "ENV_TOKEN", "ENV_USER", "Credentials", "EndpointAuth", "find_credentials"]

ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
ENV_TOKEN = "KG_ENDPOINT_TOKEN"


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (said in messages instead of the password).

    >>> Credentials("dba", "s3cret", "KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD")
    Credentials(user='dba', origin='KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD')
    """

    user: str
    password: str = field(repr=False)
    origin: str = "the prompt"


#: Asks for credentials when a server wants some and none were found: given the URL, returns them or None.
Prompt = Callable[[str], "Credentials | None"]


def find_credentials(
    url: str, *, environ: Mapping[str, str] | None = None, netrc_path: str | os.PathLike[str] | None = None
) -> Credentials | None:
    """The credentials for ``url``: from the environment, else from the netrc file's entry for its host.

    Raises:
        RemoteError: when the netrc file cannot be parsed (its path and line, never its content).

    >>> find_credentials("http://127.0.0.1:8890/sparql", environ={"KG_ENDPOINT_USER": "dba",
    ...                  "KG_ENDPOINT_PASSWORD": "x"}).user
    'dba'
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_USER) and env.get(ENV_PASSWORD) is not None:
        return Credentials(env[ENV_USER], env[ENV_PASSWORD], f"{ENV_USER}/{ENV_PASSWORD}")
    path = Path(netrc_path or env.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urlsplit(url).hostname or "")
    except netrc.NetrcParseError as e:
        raise RemoteError(f"{e.filename}:{e.lineno}: cannot read this netrc file ({e.msg})") from None
    except OSError as e:
        raise RemoteError(f"{path}: cannot read ({e.strerror})") from None
    if entry is None or not entry[0] or entry[2] is None:
        return None
    return Credentials(entry[0], entry[2], str(path))


class EndpointAuth(httpx.Auth):
    """Answers a server's 401 with the credentials, in the scheme it asks for (digest or basic).

    Once the scheme is known, later requests carry the answer from the start, so a large upload is not
    sent twice. Without credentials a 401 is passed on as it is.

    >>> EndpointAuth(None).credentials is None
    True
    """

    def __init__(self, credentials: Credentials | None, prompt: Prompt | None = None) -> None:
        self.credentials = credentials
        self._prompt = prompt
        self._scheme: str | None = None
        self._digest: httpx.DigestAuth | None = None
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "digest" and self._digest is not None:
            yield from self._serialised(self._digest.auth_flow(request))
            return
        if self._scheme == "basic" and self.credentials is not None:
            request.headers["Authorization"] = _basic(self.credentials)
            yield request
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = {c.split(None, 1)[0].lower() for c in response.headers.get_list("www-authenticate") if c}
        scheme = "digest" if "digest" in offered else "basic" if "basic" in offered else None
        if scheme is None:
            return
        if self.credentials is None and self._prompt is not None:
            self.credentials = self._prompt(str(request.url.copy_with(query=None)))
            self._prompt = None  # asked once per run
        if self.credentials is None:
            return
        self._scheme = scheme
        if scheme == "basic":
            request.headers["Authorization"] = _basic(self.credentials)
            yield request
            return
        # digest: httpx's own flow, fed the challenge we already have (it keeps the nonce for later)
        self._digest = httpx.DigestAuth(self.credentials.user, self.credentials.password)
        flow = self._digest.auth_flow(request)
        next(flow)
        answered = flow.send(response)
        response = yield answered
        with contextlib.suppress(StopIteration):
            flow.send(response)

    def _serialised(
        self, flow: Generator[httpx.Request, httpx.Response, None]
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """A digest flow whose steps run one thread at a time: each counts the requests made with the
        server's nonce (a count two parallel uploads must not both use)."""
        with self._lock:
            request = next(flow)
        while True:
            response = yield request
            try:
                with self._lock:
                    request = flow.send(response)
            except StopIteration:
                return


def _basic(credentials: Credentials) -> str:
    token = base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode("ascii")
    return f"Basic {token}"
