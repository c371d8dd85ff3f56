"""The browser views over the seed store served on 127.0.0.1: graph-tool dumps under /store;
in headless Chromium (the query page test's DevTools driver) the /graph page — as many nodes
as the store says, a filter changes the count, clicking a resolution shows its quoted
evidence — and YASGUI on /sparql running a named query. Screenshots go to tests/output/,
the graph view's also to docs/graph-view.png
(when missing, or with UNKG_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import base64
import io
import json
import os
import time
import zipfile
from pathlib import Path

import httpx
import networkx as nx
import pytest
from api_support import served
from graph_support import build_seeds, query
from test_api_page import CHROMIUM, Page, chromium
from test_graphview import store_edges

from unkg.api import vendor

OUTPUT = Path(__file__).parent / "output"
DOCS_SHOT = Path(__file__).parent.parent / "docs" / "graph-view.png"
NAMED_QUERY = "recalled-by-74-175.rq"
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists() or not vendor.installed("cytoscape"),
    reason="needs /usr/bin/chromium and the vendored Cytoscape.js (python -m unkg.api.vendor)",
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The served seed store and the citation view's edges as the store states them."""
    path = tmp_path_factory.mktemp("graph-pages") / "store"
    store = build_seeds(path, jobs=2)
    edges = {view: store_edges(store, view) for view in ("citations", "bodies")}
    recalled = query(store, NAMED_QUERY)
    del store  # the app's workers open it
    with served(path) as url:
        yield url, edges, recalled


def _nodes(edges) -> set[str]:
    return {s for s, _, _ in edges} | {o for _, _, o in edges}


def test_dumps_for_graph_tools(seeds):
    base, edges, _ = seeds
    r = httpx.get(f"{base}/store", params={"format": "graphml", "view": "bodies", "lang": "fr"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/graphml+xml")
    assert 'filename="unkg-bodies.graphml"' in r.headers["content-disposition"]
    g = nx.read_graphml(io.BytesIO(r.content), force_multigraph=True)
    assert g.number_of_edges() == len(edges["bodies"]) and set(g.nodes) == _nodes(edges["bodies"])
    r = httpx.get(f"{base}/store", params={"format": "gexf"}, timeout=30)
    assert nx.read_gexf(io.BytesIO(r.content)).number_of_nodes() == len(_nodes(edges["citations"]))
    r = httpx.get(f"{base}/store", params={"format": "csv"}, timeout=30)
    assert sorted(zipfile.ZipFile(io.BytesIO(r.content)).namelist()) == ["edges.csv", "nodes.csv"]
    for params, message in (
        ({"format": "dot", "view": "nope"}, "unknown view 'nope'"),
        ({"format": "dot", "graph": "https://example.org/g"}, "drop ?graph"),
    ):
        r = httpx.get(f"{base}/store", params=params, timeout=30)
        assert r.status_code == 400 and message in r.text
    r = httpx.get(f"{base}/graph/data.json", timeout=30)
    assert len(r.json()["elements"]["nodes"]) == len(_nodes(edges["citations"]))


def test_graph_page_says_how_to_get_cytoscape(seeds, monkeypatch, tmp_path):
    monkeypatch.setattr(vendor, "VENDOR", tmp_path)  # the server runs in this process
    page = httpx.get(f"{seeds[0]}/graph", timeout=30)
    assert page.status_code == 200 and "python -m unkg.api.vendor" in page.text
    assert "cytoscape.min.js" not in page.text


def _shot(page: Page, name: str) -> bytes:
    data = base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"])
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / name).write_bytes(data)
    return data


def _click(page: Page, node_id: str) -> None:
    """A real mouse click on the node where Cytoscape.js drew it."""
    x, y = page.evaluate(
        f"(() => {{ const p = cy.$id({json.dumps(node_id)}).renderedPosition();"
        "const r = document.getElementById('cy').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; })()"
    )
    for kind in ("mousePressed", "mouseReleased"):
        page.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@needs_browser
def test_graph_page_draws_filters_and_shows_evidence(seeds, tmp_path):
    base, edges, _ = seeds
    with chromium(tmp_path) as page:
        page.call("Network.enable")
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        page.call("Page.navigate", url=f"{base}/graph")
        page.wait_for("Page.loadEventFired")
        page.poll("document.body.dataset.ready === 'true'", timeout=30)
        count = lambda: int(page.evaluate("document.getElementById('count').dataset.nodes"))  # noqa: E731
        assert count() == len(_nodes(edges["citations"]))

        # Turning a relation off hides its links and the nodes left without links.
        relation = "recalls"
        page.evaluate(f"document.querySelector('#relations input[value={relation}]').click()")
        without = {e for e in edges["citations"] if e[1] != relation}
        assert count() == len(_nodes(without)) < len(_nodes(edges["citations"]))
        page.evaluate(f"document.querySelector('#relations input[value={relation}]').click()")
        assert count() == len(_nodes(edges["citations"]))
        page.evaluate("const o = document.getElementById('organ'); o.value = 'security-council';"
                      "o.dispatchEvent(new Event('change'))")
        assert 0 < count() < len(_nodes(edges["citations"]))
        page.evaluate("const p = document.getElementById('organ'); p.value = '';"
                      "p.dispatchEvent(new Event('change'))")

        # Search, then click the resolution: its links, quotes and its text at undocs.org.
        page.evaluate("const s = document.getElementById('search'); s.value = '74/175';"
                      "s.dispatchEvent(new Event('input'))")
        assert page.evaluate("document.getElementById('matches').textContent").startswith("1 match")
        target = "https://undocs.org/A/RES/74/175"
        page.evaluate(f"cy.fit(); cy.zoom(1.6); cy.center(cy.$id({json.dumps(target)})); true")
        _click(page, target)
        page.poll("document.querySelector('#details h2')?.textContent")
        assert page.evaluate("document.querySelector('#details h2').textContent").startswith("A/RES/74/175")
        assert page.evaluate("document.getElementById('undocs').href") == target
        cites = sum(1 for s, _, _ in edges["citations"] if s == target)
        assert page.evaluate("document.querySelectorAll('#details section:nth-of-type(1) li').length") == cites
        assert page.evaluate("document.querySelectorAll('#details blockquote').length") >= cites
        assert page.evaluate("document.querySelector('#details blockquote strong').textContent")
        time.sleep(0.5)  # let the click's centring animation finish, then show the whole graph
        page.evaluate("cy.stop(true, true); cy.fit(undefined, 30); true")
        time.sleep(1)  # Cytoscape.js redraws at full resolution once the view is still
        shot = _shot(page, "graph-view.png")
        if not DOCS_SHOT.exists() or os.environ.get("UNKG_UPDATE_SCREENSHOTS"):
            DOCS_SHOT.write_bytes(shot)  # the README's picture; the layout varies from run to run
    outside = [u for u in page.requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []


@pytest.mark.skipif(
    not CHROMIUM.exists() or not vendor.installed("yasgui"),
    reason="needs /usr/bin/chromium and the vendored YASGUI (python -m unkg.api.vendor)",
)
def test_yasgui_runs_a_named_query_and_shows_rows(seeds, tmp_path):
    base, _, expected = seeds
    assert expected, f"{NAMED_QUERY} finds nothing in the seeds"
    title = next(line for line in (Path(__file__).parent.parent / "queries" / NAMED_QUERY).read_text().splitlines())
    title = title.removeprefix("# title:").strip()
    with chromium(tmp_path) as page:
        page.call("Network.enable")
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        page.call("Page.navigate", url=f"{base}/sparql")
        page.wait_for("Page.loadEventFired")
        page.poll("!!window.unkgYasgui")
        tabs = page.evaluate(
            "JSON.stringify(unkgYasgui.persistentConfig.getTabs().map(id => unkgYasgui.getTab(id).getName()))"
        )
        names = json.loads(tabs)
        assert len(names) == 1 + len(list((Path(__file__).parent.parent / "queries").glob("*.rq")))
        assert title in names
        first = page.evaluate("unkgYasgui.getTab(unkgYasgui.persistentConfig.getTabs()[0]).getYasqe().getValue()")
        assert "PREFIX unkg: <https://w3id.org/unkg/ontology#>" in first
        page.evaluate(
            f"const id = unkgYasgui.persistentConfig.getTabs().find(i => unkgYasgui.getTab(i).getName() === {json.dumps(title)});"
            "unkgYasgui.selectTabId(id); true"
        )
        page.evaluate("document.querySelector('.tabPanel.active .yasqe_queryButton').click()")
        rows = "document.querySelectorAll('.tabPanel.active .yasr table tbody tr').length"
        page.poll(f"{rows} === {len(expected)}", timeout=30)
        table = page.evaluate("document.querySelector('.tabPanel.active .yasr table').textContent")
        assert all(row["symbol"] in table for row in expected)
        time.sleep(0.5)
        _shot(page, "yasgui.png")
    outside = [u for u in page.requests if not u.startswith(base) and not u.startswith("data:")]
    assert outside == []
