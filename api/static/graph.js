// The citation graph page: draws /graph/data.json with Cytoscape.js (vendored, same origin),
// filters by relation, organ and year, searches by symbol or name, and shows a node's links
// with their quoted evidence. Text from the data is only ever set as textContent.
"use strict";

const COLOURS = {
  GAResolution: "#1f77b4", SCResolution: "#d62728", ECOSOCResolution: "#2ca02c",
  GADraftResolution: "#17becf", DraftResolution: "#17becf", OtherResolution: "#8c564b",
  Resolution: "#7f7f7f", Document: "#bcbd22", Body: "#ff7f0e", Treaty: "#9467bd",
  Instrument: "#e377c2", Resource: "#aaaaaa",
};
const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

let cy;

function sortedValues(elements, key) {
  return [...new Set(elements.map((e) => e.data[key]).filter((v) => v !== undefined))].sort();
}

function buildControls(data) {
  const { nodes, edges } = data.elements;
  for (const relation of sortedValues(edges, "relation")) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = relation;
    box.addEventListener("change", applyFilters);
    label.append(box, " " + relation);
    $("relations").append(label);
  }
  for (const organ of sortedValues(nodes, "organ")) {
    const option = el("option", organ);
    option.value = organ;
    $("organ").append(option);
  }
  const years = nodes.map((n) => n.data.year).filter((y) => y !== undefined);
  if (years.length) {
    $("year-from").value = Math.min(...years);
    $("year-to").value = Math.max(...years);
  }
  for (const id of ["organ", "year-from", "year-to"]) $(id).addEventListener("change", applyFilters);
  for (const kind of sortedValues(nodes, "kind")) {
    const swatch = el("span", undefined, "swatch");
    swatch.style.background = COLOURS[kind] || COLOURS.Resource;
    const item = el("li");
    item.append(swatch, kind);
    $("legend").append(item);
  }
  $("search").addEventListener("input", search);
  $("search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") search(event, true);
  });
}

// A link shows when its relation is on, both ends are in the year range (a node without a
// year always is) and one end belongs to the organ chosen; a node shows when one of its links
// does, so the count is what is drawn.
function applyFilters() {
  const relations = new Set([...document.querySelectorAll("#relations input:checked")].map((b) => b.value));
  const organ = $("organ").value;
  const from = Number($("year-from").value) || -Infinity;
  const to = Number($("year-to").value) || Infinity;
  const inYears = (n) => n.data("year") === undefined || (n.data("year") >= from && n.data("year") <= to);
  const ofOrgan = (n) => !organ || n.data("organ") === organ;
  cy.batch(() => {
    cy.edges().forEach((e) => {
      const [s, t] = [e.source(), e.target()];
      const ok = relations.has(e.data("relation")) && inYears(s) && inYears(t) && (ofOrgan(s) || ofOrgan(t));
      e.style("display", ok ? "element" : "none");
    });
    cy.nodes().forEach((n) => {
      const shown = n.connectedEdges().some((e) => e.style("display") === "element");
      n.style("display", shown ? "element" : "none");
    });
  });
  const nodes = cy.nodes().filter((n) => n.style("display") === "element").length;
  const edges = cy.edges().filter((e) => e.style("display") === "element").length;
  $("count").textContent = `${nodes} nodes, ${edges} links shown`;
  $("count").dataset.nodes = nodes;
  $("count").dataset.edges = edges;
}

function search(event, jump) {
  const text = $("search").value.trim().toLowerCase();
  cy.nodes().removeClass("match");
  if (!text) {
    $("matches").textContent = "";
    return;
  }
  const found = cy.nodes().filter((n) =>
    [n.data("label"), n.data("symbol"), n.id()].some((v) => v && v.toLowerCase().includes(text)));
  found.addClass("match");
  $("matches").textContent = `${found.length} match${found.length === 1 ? "" : "es"}`;
  if (jump && found.length) select(found[0]);
}

function undocsLink(node) {
  // Resolutions and documents are named by their undocs.org IRI: that is their text.
  return node.id().startsWith("https://undocs.org/") ? node.id() : null;
}

function linkList(title, edges, otherEnd) {
  const section = el("section");
  section.append(el("h3", `${title} (${edges.length})`));
  const list = el("ul");
  for (const edge of edges) {
    const other = otherEnd(edge);
    const item = el("li");
    const button = el("button", other.data("label"), "link");
    button.type = "button";
    button.addEventListener("click", () => select(other));
    item.append(el("span", edge.data("relation") + " ", "relation"), button);
    for (const ev of edge.data("evidence") || []) {
      // The quote in its sentence: the text before and after it, as the source has it.
      const quote = el("blockquote", `…${(ev.prefix || "").replace(/\s+/g, " ")}`);
      quote.append(el("strong", ev.quote), `${(ev.suffix || "").replace(/\s+/g, " ")}…`);
      const where = el("div", ev.paragraph, "relation");
      item.append(where, quote);
    }
    list.append(item);
  }
  section.append(list);
  return section;
}

function select(node) {
  cy.elements().unselect();
  node.select();
  cy.animate({ center: { eles: node }, duration: 200 });
  const d = node.data();
  const details = $("details");
  details.replaceChildren(el("h2", d.label));
  const facts = el("dl");
  for (const [name, value] of [["kind", d.kind], ["organ", d.organ], ["session", d.session],
    ["adopted", d.adopted], ["year", d.year], ["in corpus", d.in_corpus ? "yes" : "only cited"]]) {
    if (value === undefined) continue;
    facts.append(el("dt", name), el("dd", String(value)));
  }
  details.append(facts);
  const href = undocsLink(node);
  if (href) {
    const a = el("a", "Text on the UN's document service (undocs.org)");
    a.href = href;
    a.id = "undocs";
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    details.append(a);
  }
  const iri = el("p", d.iri, "hint");
  details.append(iri);
  details.append(linkList("Cites", node.outgoers("edge").toArray(), (e) => e.target()));
  details.append(linkList("Cited by", node.incomers("edge").toArray(), (e) => e.source()));
}

async function main() {
  if (typeof cytoscape === "undefined") {
    $("count").textContent = "Cytoscape.js is not installed: see the note above.";
    return;
  }
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams({ view: params.get("view") || "citations", lang: params.get("lang") || "en" });
  const response = await fetch(`/graph/data.json?${query}`);
  if (!response.ok) {
    $("count").textContent = `error: ${await response.text()}`;
    return;
  }
  const data = await response.json();
  buildControls(data);
  const { nodes, edges } = data.elements;
  cy = cytoscape({
    container: $("cy"),
    elements: [...nodes, ...edges],
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": (n) => COLOURS[n.data("kind")] || COLOURS.Resource,
        label: (n) => n.data("symbol") || n.data("label"),
        "font-size": 8, "text-valign": "bottom", "text-margin-y": 2, color: "#333",
        width: (n) => (n.data("in_corpus") ? 22 : 12), height: (n) => (n.data("in_corpus") ? 22 : 12),
      } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      { selector: "node.match", style: { "border-width": 3, "border-color": "#f0c000" } },
      { selector: "edge", style: {
        width: (e) => Math.min(1 + e.data("weight"), 6), "line-color": "#bbb",
        "target-arrow-color": "#bbb", "target-arrow-shape": "triangle", "curve-style": "bezier",
      } },
    ],
    layout: nodes.length < 1500
      ? { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000, idealEdgeLength: () => 60 }
      : { name: "grid" },
  });
  cy.on("tap", "node", (event) => select(event.target));
  applyFilters();
  document.body.dataset.ready = "true";
}

main();
