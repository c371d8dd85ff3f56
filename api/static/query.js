// The query page: fills the editor with the prefixes, offers the named queries, runs the
// query against this endpoint and shows SELECT/ASK results as a table, other results as text.
"use strict";

const config = JSON.parse(document.getElementById("unkg-config").textContent);
const editor = document.getElementById("query");
const examples = document.getElementById("examples");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");

function prologue() {
  return Object.entries(config.prefixes)
    .map(([name, iri]) => `PREFIX ${name}: <${iri}>`)
    .join("\n");
}

function withPrefixes(query) {
  // Named queries declare their own prefixes; only add the ones they do not declare.
  const declared = new Set([...query.matchAll(/PREFIX\s+([\w.-]*):/gi)].map((m) => m[1]));
  const missing = prologue().split("\n").filter((line) => !declared.has(line.split(/[\s:]+/)[1]));
  return (missing.length ? missing.join("\n") + "\n" : "") + query;
}

for (const example of config.examples) {
  const option = document.createElement("option");
  option.value = example.name;
  option.textContent = example.title;
  examples.append(option);
}
examples.addEventListener("change", () => {
  const example = config.examples.find((e) => e.name === examples.value);
  if (example) editor.value = example.query;
});
editor.value = prologue() + "\n\nSELECT ?subject ?predicate ?object\nWHERE { ?subject ?predicate ?object }\nLIMIT 25\n";

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") td.textContent = `<${term.value}>`;
  else if (term.type === "bnode") td.textContent = `_:${term.value}`;
  else if (term.type === "triple") td.textContent = "<< triple >>";
  else td.textContent = term["xml:lang"] ? `"${term.value}"@${term["xml:lang"]}` : term.value;
  return td;
}

function showTable(data) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement("th");
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) row.append(cell(binding[name]));
  }
  results.append(table);
  return data.results.bindings.length;
}

async function run() {
  results.replaceChildren();
  statusLine.className = "";
  statusLine.textContent = "running…";
  const started = performance.now();
  try {
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: document.getElementById("accept").value,
      },
      body: withPrefixes(editor.value),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      statusLine.className = "error";
      statusLine.textContent = `${response.status}: ${await response.text()}`;
      return;
    }
    let summary;
    if (type.startsWith("application/sparql-results+json")) {
      const data = await response.json();
      if ("boolean" in data) {
        summary = `answer: ${data.boolean}`;
      } else {
        summary = `${showTable(data)} rows`;
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      results.append(pre);
      summary = type.split(";")[0];
    }
    const cut = response.headers.get("Unkg-Truncated");
    statusLine.textContent = `${summary} in ${seconds} s` + (cut ? ` — truncated (${cut})` : "");
    if (cut) statusLine.className = "warning";
  } catch (error) {
    statusLine.className = "error";
    statusLine.textContent = `request failed: ${error}`;
  }
}

document.getElementById("run").addEventListener("click", run);
editor.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
});
