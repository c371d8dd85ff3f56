"""The query page in headless Chromium: it loads with no request leaving 127.0.0.1, runs a
query and shows rows. Chromium is driven over the DevTools protocol (a websocket)."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from api_support import make_store, served, stop
from websockets.sync.client import connect

from unkg.api import vendor

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium)"
)


class Page:
    """The few DevTools protocol calls the test needs, recording every request the page makes."""

    def __init__(self, ws) -> None:
        self.ws, self.last_id, self.requests, self.events = ws, 0, [], []

    def call(self, method: str, **params) -> dict:
        self.last_id += 1
        self.ws.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.last_id:
                assert "error" not in message, message
                return message["result"]
            self._event(message)

    def _event(self, message: dict) -> None:
        if message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])
        self.events.append(message.get("method"))

    def wait_for(self, event: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while event not in self.events:
            self._event(json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))))

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def poll(self, expression: str, timeout: float = 15):
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.1)
        return value


@contextmanager
def chromium(profile: Path) -> Iterator[Page]:
    proc = subprocess.Popen(
        [
            str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline and proc.poll() is None, "Chromium did not start"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        with connect(url, max_size=None) as ws:
            yield Page(ws)
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    store = make_store(tmp_path_factory.mktemp("page") / "store")
    with served(store) as url:
        yield url


def test_page_has_security_headers(base):
    page = httpx.get(f"{base}/sparql", headers={"accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert "cdn" not in page.text.lower() and "https://" not in page.text.split("unkg-config")[0]


def run(page: Page) -> str:
    """Click "Run query" and wait for the status line to report the answer."""
    page.evaluate("document.getElementById('status').textContent = ''")
    page.evaluate("document.getElementById('run').click()")
    status = page.poll("(t => t.includes(' in ') && t)(document.getElementById('status').textContent)")
    assert "error" not in page.evaluate("document.getElementById('status').className"), status
    return status


def test_page_runs_a_query_and_shows_rows(base, tmp_path, monkeypatch):
    # The plain editor, served when YASGUI is not vendored (YASGUI: test_graph_pages.py).
    monkeypatch.setattr(vendor, "VENDOR", tmp_path / "no-vendor")  # the server runs in-process
    with chromium(tmp_path) as page:
        page.call("Network.enable")
        page.call("Page.enable")
        page.call("Page.navigate", url=f"{base}/sparql")
        page.wait_for("Page.loadEventFired")
        assert "PREFIX" in page.evaluate("document.getElementById('query').value")
        examples = page.evaluate("document.querySelectorAll('#examples option').length - 1")
        if examples:  # the named queries (queries/*.rq) load into the editor and run
            page.evaluate(
                "const s = document.getElementById('examples'); s.selectedIndex = 1;"
                "s.dispatchEvent(new Event('change'))"
            )
            assert "SELECT" in page.evaluate("document.getElementById('query').value").upper()
            run(page)
        # The test store has its own vocabulary: a query over it shows rows in the table.
        page.evaluate("document.getElementById('query').value = 'SELECT * WHERE { ?s ?p ?o } LIMIT 7'")
        assert run(page).startswith("7 rows")
        assert page.evaluate("document.querySelectorAll('#results tbody tr').length") == 7
        assert page.evaluate("document.querySelectorAll('#results th').length") == 3
        page.wait_for("Network.requestWillBeSent")
    assert page.requests, "the DevTools protocol reported no requests"
    outside = [u for u in page.requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []
