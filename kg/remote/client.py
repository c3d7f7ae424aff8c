"""One HTTP connection to a SPARQL server: credentials, extra headers, retries with back-off.

Connection errors and 5xx answers are retried with exponential back-off (except 501 and 504, which
say the server is done with the request). 401 and 403 are never retried: wrong credentials tried
again and again only lock the account; they are one clear error. Other 4xx answers become a
:class:`~kg.errors.RemoteError` with the server's own message.
"""

from __future__ import annotations

import contextlib
import copy
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from kg.errors import RemoteError
from kg.remote.auth import ENV_TOKEN, Credentials, EndpointAuth, Prompt, find_credentials
from kg.remote.engines import Endpoints, Engine, detect, engine

__all__ = ["Connection", "parse_header"]

_NO_RETRY = {501, 504}


def parse_header(text: str) -> tuple[str, str]:
    """A ``NAME: VALUE`` header as given to ``--header``.

    Raises:
        RemoteError: for text without a name and a colon (the text itself is not repeated: it may be a token).

    >>> parse_header("Authorization: Bearer abc")
    ('Authorization', 'Bearer abc')
    """
    name, sep, value = text.partition(":")
    if not sep or not name.strip() or " " in name.strip():
        raise RemoteError("a header is NAME: VALUE, e.g. 'Authorization: Bearer TOKEN'")
    return name.strip(), value.strip()


class Connection:
    """The HTTP side of a remote server, shared by its query, update and Graph Store services.

    Args:
        url: any service URL of the server (its query endpoint, its Graph Store endpoint …).
        engine: the engine profile's name; by default told from the server's ``Server`` header.
        credentials: user and password; by default from the environment or ``~/.netrc``.
        headers: extra headers for every request (``Authorization: Bearer …``).
        prompt: asks for credentials when the server wants some and none were found.
        timeout: seconds to wait for an answer.
        retries: attempts for connection errors and 5xx answers.
        backoff: seconds before the first retry; doubled for each next one.

    >>> Connection("http://127.0.0.1:7878/query", engine="oxigraph").endpoints.store
    'http://127.0.0.1:7878/store'
    """

    def __init__(
        self,
        url: str,
        *,
        engine: str | None = None,
        credentials: Credentials | None = None,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
        prompt: Prompt | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RemoteError(f"{url}: an endpoint is an http:// or https:// URL")
        if parts.username is not None or parts.password is not None:
            # a URL on the command line shows in `ps` and the shell's history: say where they go instead
            raise RemoteError(
                f"{parts.scheme}://{parts.hostname}{parts.path}: credentials do not go in the URL; set "
                "KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, or add the host to ~/.netrc"
            )
        self.url, self.timeout, self.retries, self.backoff = url, timeout, retries, backoff
        self._engine_name = engine
        self._engine: Engine | None = None
        found = credentials if credentials is not None else find_credentials(url)
        self.headers: list[tuple[str, str]] = list(
            headers.items() if isinstance(headers, Mapping) else headers or []
        )
        if not any(n.lower() == "authorization" for n, _ in self.headers):
            import os

            token = os.environ.get(ENV_TOKEN)
            if token:
                self.headers.append(("Authorization", f"Bearer {token}"))
        self.auth = EndpointAuth(found, prompt)
        self._prompt = prompt
        self._client: httpx.Client | None = None
        self.server: str | None = None  # the Server header of the last answer

    # -- the engine ---------------------------------------------------------------------------------

    @property
    def engine_named(self) -> bool:
        """Whether the engine was named (``--engine``) rather than told from the server's answers."""
        return self._engine_name is not None

    @property
    def engine(self) -> Engine:
        """The engine profile: the one named, else told from the server's answers (a HEAD if none yet)."""
        if self._engine is None:
            if self._engine_name is not None:
                self._engine = engine(self._engine_name)
            else:
                if self.server is None:
                    # an unreachable server is reported by the request that needs it
                    with contextlib.suppress(RemoteError):
                        self.request("HEAD", self.url, retry=False, check=False)
                self._engine = detect(self.server)
        return self._engine

    @property
    def credentials(self) -> Credentials | None:
        """The credentials in use: found, given, or answered at the prompt."""
        return self.auth.credentials

    @property
    def endpoints(self) -> Endpoints:
        """The server's query, update and Graph Store URLs, as the engine profile derives them.

        With credentials (or a prompt to ask for them) the engine's protected services are used.
        """
        authenticated = (
            self.credentials is not None
            or self._prompt is not None
            or any(n.lower() == "authorization" for n, _ in self.headers)
        )
        return Endpoints.of(self.url, self.engine, authenticated=authenticated)

    # -- HTTP ---------------------------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)), auth=self.auth
            )
        return self._client

    def fork(self) -> Connection:
        """The same server, engine, credentials and headers over a connection of its own (for a thread).

        >>> c = Connection("http://127.0.0.1:7878/query", engine="oxigraph")
        >>> c.fork().auth is c.auth
        True
        """
        other = copy.copy(self)
        other._client = None
        return other

    def close(self) -> None:
        """Close the connection (a new one is opened by the next request)."""
        if self._client is not None:
            self._client.close()
            self._client = None

    def __del__(self) -> None:
        # a graph on a remote store has no close() of its own: its sockets go with it
        with contextlib.suppress(Exception):
            self.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        retry: bool = True,
        check: bool = True,
    ) -> httpx.Response:
        """Send a request; retry connection errors and 5xx answers; turn other errors into RemoteError.

        Raises:
            RemoteError: when the server cannot be reached, refuses the credentials or the request.
        """
        where = _public(url)
        delay = self.backoff
        last = ""
        attempts = self.retries if retry else 1
        for attempt in range(1, attempts + 1):
            try:
                response = self._http().request(
                    method, url, content=content, headers=[*self.headers, *(headers or {}).items()]
                )
            except httpx.TimeoutException as e:
                raise RemoteError(f"{where}: no answer within {self.timeout:g} s") from e
            except httpx.TransportError as e:
                self.close()
                last = f"cannot reach the endpoint ({type(e).__name__}: {e})"
            else:
                self.server = response.headers.get("server", self.server)
                if response.status_code < 400 or not check:
                    return response
                if response.status_code in (401, 403):
                    raise RemoteError(f"{where}: {self._refused(response)}")
                status = f"{response.status_code} {response.reason_phrase}: {_message(response)}"
                permanent = self._engine is not None and self._engine.permanent_error
                if (
                    response.status_code < 500
                    or response.status_code in _NO_RETRY
                    or (permanent and permanent.search(response.content))
                ):
                    raise RemoteError(f"{where}: {status}")
                last = status
            if attempt < attempts:
                time.sleep(delay)
                delay *= 2
        raise RemoteError(f"{where}: {last} (after {attempts} attempts)")

    def _refused(self, response: httpx.Response) -> str:
        """Why a 401 or 403 happened and what to do, naming where the credentials came from."""
        status = f"{response.status_code} {response.reason_phrase}"
        token = any(n.lower() == "authorization" for n, _ in self.headers)
        if response.status_code == 401 and self.auth.credentials is not None:
            who = self.auth.credentials
            return f"{status}: the server refused the credentials of {who.user!r} (from {who.origin})"
        if response.status_code == 401 and token:
            return f"{status}: the server refused the Authorization header"
        if response.status_code == 401:
            return (
                f"{status}: the server wants credentials; set KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, "
                "add the host to ~/.netrc, or give a token with --header 'Authorization: Bearer …'"
            )
        if self.auth.credentials is None and not token:
            return f"{status}: the server does not allow this without credentials ({_message(response)})"
        return f"{status}: these credentials are not allowed to do this ({_message(response)})"


def _public(url: str) -> str:
    """The URL without its query string (which may hold a whole query) for messages."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _message(response: httpx.Response) -> str:
    text = response.text.strip()
    if not text:
        return response.reason_phrase
    if "<html" in text[:200].lower() or "<!doctype" in text[:200].lower():
        import re

        text = re.sub(r"<[^>]+>", " ", text)
        text = " ".join(text.split())
    return text.splitlines()[0][:300] if text else response.reason_phrase


def connection_of(store: Any) -> Connection | None:
    """The connection of a remote store, ``None`` for a local one.

    >>> connection_of(object()) is None
    True
    """
    return getattr(store, "connection", None)
