/*
 * Facets for catalog tables with rows that carry `data-facets` (the all-papers page,
 * every topic table): year range, venue, kind of venue, topic, keyword, author and,
 * when the rows record it, "has code".
 *
 *   - a row is shown when it has the typed words (the table script's filter box) and
 *     matches every facet, any of the values chosen within one;
 *   - each value shows how many rows it would leave: the rows that match the words and
 *     every OTHER facet (so the counts follow the other choices);
 *   - the choices live in the query string next to `filter` and `sort`
 *     (?year=2020-2023&venue=ICML&venue=NeurIPS&kind=...&topic=...&keyword=...
 *     &author=...&code=1; a suffix 1, 2, ... for the second, third table), pushed to
 *     the history so back and forward restore them;
 *   - the controls (catalog-facet-controls.js) are native checkboxes and selects with
 *     labels in a <details>, open on wide screens and closed on phones; the table's
 *     "N of M papers" live status announces the result.
 *
 * Catalog text reaches the page only as textContent. Runs after catalog-table.js and
 * catalog-facet-controls.js (all deferred), which give each table its `catalogTable`
 * hooks and the controls. No network.
 */
(() => {
  "use strict";

  const controls = window.catalogFacetControls;
  if (!controls) return;
  const TABLE_SELECTOR = "table.catalog-table--facets";
  const MAX_SEARCH = 8192;
  // the position of each facet's value indexes in a row's data-facets
  // ("year;venues;kinds;topics;keywords;authors;code"), and its values' key in the
  // table's data-facet-values
  const FIELDS = {
    venue: [1, "v"], kind: [2, "k"], topic: [3, "t"], keyword: [4, "w"], author: [5, "a"],
    code: [6, ""],
  };

  /** The table's facet values (written once, on its first body). */
  function readValues(table) {
    const body = table.tBodies[0];
    try {
      const data = JSON.parse((body && body.dataset.facetValues) || "{}");
      return data && typeof data === "object" ? data : {};
    } catch (error) {
      return {};
    }
  }

  function suffix(index) {
    return index === 0 ? "" : String(index);
  }

  function params() {
    const search = window.location.search;
    return new URLSearchParams(search.length <= MAX_SEARCH ? search : "");
  }

  function writeUrl(index, state) {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (error) {
      return;
    }
    controls.writeState(url, state, suffix(index));
    if (url.href === window.location.href) return;
    try {
      window.history.pushState(window.history.state, "", url.href);
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the facets still work.
    }
  }

  /** Each row's year and facet values, read once. */
  function rowsOf(api, table) {
    const names = readValues(table);
    return api.rows.map((r) => {
      const fields = (r.row.dataset.facets || "").split(";");
      const year = /^\d{1,4}$/.test(fields[0] || "") ? Number(fields[0]) : null;
      const values = {};
      controls.FACETS.forEach((facet) => {
        const [position, key] = FIELDS[facet.key];
        const field = fields[position] || "";
        if (facet.flag) {
          values[facet.key] = field === "1" ? [controls.HAS_CODE] : [];
          return;
        }
        const known = Array.isArray(names[key]) ? names[key] : [];
        values[facet.key] = field ? field.split(",").map((i) => known[Number(i)])
          .filter((v) => typeof v === "string") : [];
      });
      return { r, year, values };
    });
  }

  function setup(table, index) {
    const api = table.catalogTable;
    if (!api || table.dataset.catalogFacets) return;
    table.dataset.catalogFacets = "on";
    const rows = rowsOf(api, table);
    const state = controls.readState(params(), suffix(index));
    const byRow = new Map(rows.map((row) => [row.r, row]));
    const rowTest = (r) => controls.matches(state, byRow.get(r), null);

    const built = controls.build({
      id: `catalog-facets-${index}`, items: rows, state, onChange: changed,
    });
    if (!built) return;
    // before the filter box and its status
    const box = api.input.closest(".catalog-controls");
    (box || table).before(built.details);
    if (table.id) built.details.setAttribute("aria-controls", table.id);

    function updateCounts() {
      built.updateCounts(rows.map((row) => api.textMatches(row.r)));
    }

    function apply() {
      api.refresh();
      updateCounts();
    }

    function changed() {
      apply();
      writeUrl(index, state);
    }

    /** A link to a row that the facets hide (#row-...) clears the facets first.
     *  (The site's anchors are named in paper_catalog/site_urls.py.) */
    function revealTarget() {
      let target = null;
      try {
        const hash = decodeURIComponent(window.location.hash.slice(1));
        target = hash ? document.getElementById(hash) : null;
      } catch (error) {
        return;
      }
      const row = target && target.closest("tr");
      const entry = row && api.rows.find((r) => r.row === row);
      if (!entry || rowTest(entry)) return;
      controls.clearState(state);
      built.showState();
      changed();
      target.scrollIntoView();
    }

    api.setRowFilter(rowTest);
    built.showState();
    apply();
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    api.input.addEventListener("input", updateCounts);
    api.input.addEventListener("search", updateCounts);
    window.addEventListener("popstate", () => {
      Object.assign(state, controls.readState(params(), suffix(index)));
      built.showState();
      apply();
    });
  }

  function init() {
    document.querySelectorAll(TABLE_SELECTOR).forEach((table) => {
      const all = Array.from(document.querySelectorAll("table.catalog-table"));
      setup(table, all.indexOf(table));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
