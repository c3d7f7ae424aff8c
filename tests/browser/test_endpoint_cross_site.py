"""A page of another site, open in a real headless Chromium while `kg serve` runs, tries what issue 10
found it could do: empty the store with a hidden form, read the graph with fetch(), and write a file
with an <img> pointing at /view. None of it may work."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.test_pages_browser import TIMEOUT, browser  # noqa: F401 (the fixture)
from tests.test_server import Server, free_port

pytestmark = pytest.mark.browser

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def attack_page(target: str, written: Path) -> str:
    view = f"{target}/view?query=CONSTRUCT%7B?s%20?p%20?o%7DWHERE%7B?s%20?p%20?o%7D&path={written}&title=x"
    return f"""<!DOCTYPE html><html><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="{target}/sparql" target="sink">
  <input type="hidden" name="update" value="DROP ALL">
</form>
<img src="{view}">
<script>
window.readResult = "pending";
fetch("{target}/sparql?query=" + encodeURIComponent("{COUNT}"),
      {{headers: {{"Accept": "application/sparql-results+json"}}}})
  .then(function (r) {{ return r.text(); }})
  .then(function (t) {{ window.readResult = "read: " + t; }},
        function () {{ window.readResult = "blocked"; }});
document.getElementById("f").submit();
</script></body></html>"""


@pytest.fixture
def foreign_site(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A web server on another origin (localhost instead of 127.0.0.1, another port) serving the page."""
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served[0].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{port}/", served
    httpd.shutdown()
    httpd.server_close()


def count(server: Server) -> int:
    answer = httpx.get(
        server.url + "/sparql", params={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}
    ).json()
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_a_foreign_page_can_neither_update_read_nor_write_files(
    browser: Any,  # noqa: F811
    foreign_site: tuple[str, list[str]],
    tmp_path: Path,
) -> None:
    server = Server("--allow-update", "--no-ontology")
    try:
        assert (
            httpx.post(
                server.url + "/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> 1 }"}
            ).status_code
            == 204
        )
        written = tmp_path / "new-folder" / "owned.html"
        url, served = foreign_site
        served.append(attack_page(server.url, written))
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT)
        answers: list[tuple[str, int]] = []
        page.on("response", lambda r: answers.append((r.url, r.status)))
        page.goto(url)
        page.wait_for_function("window.readResult !== 'pending'")
        assert page.evaluate("window.readResult") == "blocked"
        page.wait_for_function("document.querySelector('img').complete")
        page.wait_for_timeout(500)
        updates = [status for answer_url, status in answers if answer_url == server.url + "/sparql"]
        assert updates == [403]
        assert count(server) == 1
        assert not written.exists() and not written.parent.exists()
        page.close()
    finally:
        server.stop()
