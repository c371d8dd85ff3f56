// The query page with YASGUI (vendored from npm, served from this origin): this endpoint
// preset, the ontology's prefixes in the first tab, one tab per named query (queries/*.rq).
// Autocompletion that would ask third-party services (LOV, prefix.cc) is off.
"use strict";

const config = JSON.parse(document.getElementById("unkg-config").textContent);
const endpoint = new URL(config.endpoint, location.href).href;
const prologue = Object.entries(config.prefixes).map(([name, iri]) => `PREFIX ${name}: <${iri}>`).join("\n");
const requestConfig = { endpoint, method: "POST" };

const yasgui = new Yasgui(document.getElementById("yasgui"), {
  requestConfig,
  copyEndpointOnNewTab: true,
  persistenceId: null, // every visit starts from the server's named queries, not a stale copy
  endpointCatalogueOptions: { getData: () => [{ endpoint }] },
  yasqe: {
    value: `${prologue}\n\nSELECT ?subject ?predicate ?object\nWHERE { ?subject ?predicate ?object }\nLIMIT 25\n`,
    autocompleters: ["variables"],
  },
});
for (const example of config.examples) {
  yasgui.addTab(false, {
    ...Yasgui.Tab.getDefaults(),
    name: example.title,
    requestConfig,
    yasqe: { value: example.query },
  });
}
window.unkgYasgui = yasgui; // for the browser test
