"""Credentials for remote stores: digest (Virtuoso), basic and Bearer (behind a gateway); never shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kg
from kg.errors import RemoteError
from kg.remote.auth import find_credentials
from tests.engines import PASSWORD, TOKEN, USER, Guard, Oxigraph, Virtuoso
from tests.helpers import ONTOLOGY, run_kg


def statements_in_the_ontology() -> int:
    """What ``kg push`` of the ontology file sends: its statements as written, a statement written twice
    counted twice (genai.ttl 2.0.0 repeats four, of gai:OpenAI and gai:NVIDIA); the store keeps one."""
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph-auth"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso-auth"))
    yield server
    server.stop()


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD", "KG_ENDPOINT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _secret_free(*texts: str) -> bool:
    return not any(PASSWORD in t or TOKEN in t for t in texts)


def _count(url: str, graph: str) -> int:
    rows = list(kg.remote.connect(url, graph=graph).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    return int(rows[0]["n"])


@pytest.mark.slow
def test_virtuoso_digest_from_the_environment(
    virtuoso: Virtuoso, no_credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # without credentials: the open Graph Store endpoint refuses (403), said clearly
    refused = run_kg("push", "--endpoint", virtuoso.base + "/sparql-graph-crud", "--graph", "urn:kg:auth")
    assert refused.exit_code == 2
    assert "403" in refused.stderr and "without credentials" in refused.stderr
    monkeypatch.setenv("KG_ENDPOINT_USER", USER)
    monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
    done = run_kg("push", "--endpoint", virtuoso.query_url, "--graph", "urn:kg:auth")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.strip() == f"{statements_in_the_ontology()} triples sent to {virtuoso.store_url}"
    assert _count(virtuoso.query_url, "urn:kg:auth") == len(kg.load())
    page = tmp_path / "summary.html"
    drawn = run_kg(
        "viz",
        "--endpoint",
        virtuoso.query_url,
        "--graph",
        "urn:kg:auth",
        "--view",
        "summary",
        "-o",
        str(page),
    )
    assert drawn.exit_code == 0, drawn.stderr
    assert _secret_free(
        done.stdout, done.stderr, drawn.stdout, drawn.stderr, page.read_text(encoding="utf-8")
    )
    cached = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert _secret_free(*(p.read_text(encoding="utf-8", errors="replace") for p in cached))


@pytest.mark.slow
def test_virtuoso_digest_from_netrc_and_wrong_password(
    virtuoso: Virtuoso, no_credentials: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    done = run_kg("push", "--endpoint", virtuoso.query_url, "--graph", "urn:kg:netrc", "--replace")
    assert done.exit_code == 0, done.stderr
    assert _count(virtuoso.query_url, "urn:kg:netrc") == len(kg.load())
    netrc.write_text(f"machine 127.0.0.1 login {USER} password wrong-{PASSWORD}\n", encoding="utf-8")
    wrong = run_kg("push", "--endpoint", virtuoso.query_url, "--graph", "urn:kg:netrc")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith(f"Error: {virtuoso.store_url}: 401 Unauthorized: the server refused")
    assert f"{USER!r} (from {netrc})" in wrong.stderr and len(wrong.stderr.splitlines()) == 1
    assert _secret_free(done.stdout, done.stderr, wrong.stdout, wrong.stderr)


@pytest.mark.parametrize("kind", ["basic", "bearer"])
def test_basic_and_bearer_behind_a_gateway(
    oxigraph: Oxigraph, kind: str, no_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = Guard(oxigraph.base, kind)
    try:
        store, query = guard.base + "/store", guard.base + "/query"
        graph = f"urn:kg:{kind}"
        missing = run_kg("push", "--endpoint", store, "--graph", graph)
        assert missing.exit_code == 2 and "401 Unauthorized: the server wants credentials" in missing.stderr
        if kind == "basic":
            monkeypatch.setenv("KG_ENDPOINT_USER", USER)
            monkeypatch.setenv("KG_ENDPOINT_PASSWORD", PASSWORD)
            auth: list[str] = []
        else:
            auth = ["--header", f"Authorization: Bearer {TOKEN}"]
        done = run_kg("push", "--endpoint", store, "--graph", graph, *auth)
        assert done.exit_code == 0, done.stderr
        answer = run_kg(
            "query", "cq04-llm-modality", "--format", "csv", "--endpoint", query, "--graph", graph, *auth
        )
        assert answer.exit_code == 0, answer.stderr
        assert answer.stdout.splitlines()[1] == "https://w3id.org/genai-kg/ontology#Text,Text"
        info = run_kg("info", "--endpoint", query, "--graph", graph, *auth)
        assert f"triples:     {len(kg.load())}" in info.stdout
        # wrong credentials: one clear line, exit 2, and the gateway asked a bounded number of times
        if kind == "basic":
            monkeypatch.setenv("KG_ENDPOINT_PASSWORD", "wrong-" + PASSWORD)
        else:
            auth = ["--header", f"Authorization: Bearer wrong-{TOKEN}"]
        before = guard.requests
        wrong = run_kg("push", "--endpoint", store, "--graph", graph, *auth)
        assert wrong.exit_code == 2 and len(wrong.stderr.splitlines()) == 1
        assert "401 Unauthorized: the server refused the" in wrong.stderr
        assert guard.requests - before <= 3  # the engine probe, the request, its one answer to the challenge
        outputs = (missing, done, answer, info, wrong)
        assert _secret_free(*(r.stdout + r.stderr for r in outputs))
    finally:
        guard.stop()


def test_credentials_never_go_in_the_url_nor_in_reprs() -> None:
    with pytest.raises(RemoteError, match="credentials do not go in the URL") as raised:
        kg.remote.connect(f"http://{USER}:{PASSWORD}@127.0.0.1:9/sparql")
    assert PASSWORD not in str(raised.value)
    credentials = find_credentials(
        "http://h/", environ={"KG_ENDPOINT_USER": USER, "KG_ENDPOINT_PASSWORD": PASSWORD}
    )
    assert credentials is not None and PASSWORD not in repr(credentials)


def test_a_bad_netrc_names_its_line_not_its_content(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine h login {USER} password {PASSWORD}\nmachine\n", encoding="utf-8")
    netrc.chmod(0o600)
    with pytest.raises(RemoteError, match=rf"^{netrc}:\d+: cannot read this netrc file") as raised:
        find_credentials("http://h/", environ={}, netrc_path=netrc)
    assert PASSWORD not in str(raised.value)


def test_a_prompt_is_asked_once_when_the_server_wants_credentials(
    oxigraph: Oxigraph, no_credentials: None
) -> None:
    from kg.remote.auth import Credentials

    guard = Guard(oxigraph.base, "basic")
    asked: list[str] = []

    def prompt(url: str) -> Credentials:
        asked.append(url)
        return Credentials(USER, PASSWORD, "the prompt")

    try:
        connection = kg.remote.Connection(guard.base + "/store", prompt=prompt)
        sent = kg.remote.push(
            kg.load(), guard.base + "/store", graph_iri="urn:kg:prompt", connection=connection
        )
        assert sent == len(kg.load()) and asked == [guard.base + "/store"]
        assert "the prompt" in repr(connection.credentials) and PASSWORD not in repr(connection.credentials)
    finally:
        guard.stop()
