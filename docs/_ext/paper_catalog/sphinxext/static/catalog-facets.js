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
 *   - the controls are native checkboxes and selects with labels in a <details>,
 *     open on wide screens and closed on phones; the table's "N of M papers" live
 *     status announces the result.
 *
 * Catalog text reaches the page only as textContent. Runs after catalog-table.js
 * (both deferred), which gives each table its `catalogTable` hooks. No network.
 */
(() => {
  "use strict";

  const TABLE_SELECTOR = "table.catalog-table--facets";
  const MAX_SEARCH = 8192;
  const MAX_VALUES = 50; // values read from the URL per facet
  const SHOWN = 10; // values listed before "Show all"
  const WIDE = "(min-width: 60em)";
  // `field`: the position of the facet's value indexes in a row's data-facets
  // ("year;venues;kinds;topics;keywords;authors;code"), `names`: its values in the
  // table's data-facet-values
  const FACETS = [
    { key: "venue", label: "Venue", field: 1, names: "v" },
    { key: "kind", label: "Kind of venue", field: 2, names: "k" },
    { key: "topic", label: "Topic", field: 3, names: "t" },
    { key: "keyword", label: "Keyword", field: 4, names: "w" },
    { key: "author", label: "Author", field: 5, names: "a" },
    { key: "code", label: "Code", field: 6, flag: true },
  ];
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

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

  /** The facet choices of table `index` in the URL. */
  function readUrl(index) {
    const query = params();
    const end = suffix(index);
    const chosen = {};
    FACETS.forEach((facet) => {
      let values = query.getAll(facet.key + end).slice(0, MAX_VALUES);
      if (facet.flag) values = values.includes("1") ? ["Has code"] : [];
      chosen[facet.key] = new Set(values);
    });
    const match = /^(\d{1,4})?-(\d{1,4})?$|^(\d{1,4})$/.exec(query.get(`year${end}`) || "");
    let from = null;
    let to = null;
    if (match) {
      from = match[3] ? Number(match[3]) : match[1] ? Number(match[1]) : null;
      to = match[3] ? Number(match[3]) : match[2] ? Number(match[2]) : null;
    }
    return { chosen, from, to };
  }

  function writeUrl(index, state) {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (error) {
      return;
    }
    const end = suffix(index);
    FACETS.forEach((facet) => {
      url.searchParams.delete(facet.key + end);
      state.chosen[facet.key].forEach((value) =>
        url.searchParams.append(facet.key + end, facet.flag ? "1" : value));
    });
    url.searchParams.delete(`year${end}`);
    if (state.from !== null || state.to !== null) {
      const year = state.from !== null && state.from === state.to
        ? String(state.from) : `${state.from ?? ""}-${state.to ?? ""}`;
      url.searchParams.set(`year${end}`, year);
    }
    if (url.href === window.location.href) return;
    try {
      window.history.pushState(window.history.state, "", url.href);
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the facets still work.
    }
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Each row's year and facet values, read once. */
  function rowsOf(api, table) {
    const names = readValues(table);
    return api.rows.map((r) => {
      const fields = (r.row.dataset.facets || "").split(";");
      const year = /^\d{1,4}$/.test(fields[0] || "") ? Number(fields[0]) : null;
      const values = {};
      FACETS.forEach((facet) => {
        const field = fields[facet.field] || "";
        if (facet.flag) {
          values[facet.key] = field === "1" ? ["Has code"] : [];
          return;
        }
        const known = Array.isArray(names[facet.names]) ? names[facet.names] : [];
        values[facet.key] = field ? field.split(",").map((i) => known[Number(i)])
          .filter((v) => typeof v === "string") : [];
      });
      return { r, year, values };
    });
  }

  /** Per facet, its values in a fixed order (most rows first, then by name); per value,
   * its number of rows in the whole table. */
  function valuesOf(rows, key) {
    const totals = new Map();
    rows.forEach((row) => row.values[key].forEach((v) => totals.set(v, (totals.get(v) || 0) + 1)));
    const order = Array.from(totals.keys()).sort((a, b) =>
      totals.get(b) - totals.get(a) || collator.compare(a, b));
    return { order, totals };
  }

  function setup(table, index) {
    const api = table.catalogTable;
    if (!api || table.dataset.catalogFacets) return;
    table.dataset.catalogFacets = "on";
    const rows = rowsOf(api, table);
    const id = `catalog-facets-${index}`;
    const state = readUrl(index);

    const matches = (row, skip) => {
      if (skip !== "year") {
        if (state.from !== null && (row.year === null || row.year < state.from)) return false;
        if (state.to !== null && (row.year === null || row.year > state.to)) return false;
      }
      return FACETS.every((facet) => {
        if (facet.key === skip) return true;
        const chosen = state.chosen[facet.key];
        return !chosen.size || row.values[facet.key].some((v) => chosen.has(v));
      });
    };
    const byRow = new Map(rows.map((row) => [row.r, row]));
    const rowTest = (r) => matches(byRow.get(r), null);

    // -- the controls --
    const details = element("details", "catalog-facets");
    details.id = id;
    const summary = element("summary", "catalog-facets-summary");
    const summaryText = element("span", "", "Facets");
    const summaryCount = element("span", "catalog-facets-chosen");
    summary.append(summaryText, summaryCount);
    const body = element("div", "catalog-facets-body");
    details.append(summary, body);

    // year range: two selects, each option with its count
    const years = Array.from(new Set(rows.map((row) => row.year).filter((y) => y !== null)))
      .sort((a, b) => b - a);
    const yearSelects = [];
    if (years.length > 1 || state.from !== null || state.to !== null) {
      const fieldset = element("fieldset", "catalog-facet catalog-facet-year");
      fieldset.append(element("legend", "", "Year"));
      [["from", "From"], ["to", "To"]].forEach(([which, text]) => {
        const selectId = `${id}-year-${which}`;
        const label = element("label", "catalog-facet-year-label", text);
        label.htmlFor = selectId;
        const select = element("select", "catalog-facet-select");
        select.id = selectId;
        select.append(new Option("Any", ""));
        years.forEach((year) => select.append(new Option(String(year), String(year))));
        select.addEventListener("change", () => {
          state[which] = select.value ? Number(select.value) : null;
          changed();
        });
        yearSelects.push({ which, select });
        fieldset.append(label, select);
      });
      body.append(fieldset);
    }

    // the other facets: a checkbox per value, the first few shown
    const groups = [];
    FACETS.forEach((facet) => {
      const { order, totals } = valuesOf(rows, facet.key);
      const chosen = state.chosen[facet.key];
      // a facet that would not narrow anything (every row has its only value) is left out
      const useful = order.some((v) => totals.get(v) < rows.length) || chosen.size > 0;
      if (!order.length || !useful) return;
      const fieldset = element("fieldset", `catalog-facet catalog-facet-${facet.key}`);
      fieldset.append(element("legend", "", facet.label));
      const listEl = element("ul", "catalog-facet-values");
      fieldset.append(listEl);
      const group = { facet, order, items: new Map(), listEl, all: false, more: null };
      const addItem = (value, position) => {
        const item = element("li", "catalog-facet-value");
        const label = element("label");
        const box = element("input");
        box.type = "checkbox";
        box.value = value;
        box.checked = chosen.has(value);
        box.addEventListener("change", () => {
          if (box.checked) state.chosen[facet.key].add(value);
          else state.chosen[facet.key].delete(value);
          changed();
        });
        const count = element("span", "catalog-facet-count");
        label.append(box, " ", element("span", "catalog-facet-name", value), " ", count);
        item.append(label);
        item.dataset.position = String(position);
        group.items.set(value, { item, box, count });
        return item;
      };
      // the first values, and any chosen one further down; the rest on demand
      const render = () => {
        const wanted = group.all ? order : order.filter((v, i) => i < SHOWN
          || state.chosen[facet.key].has(v));
        const items = wanted.map((value) => {
          const found = group.items.get(value);
          return found ? found.item : addItem(value, order.indexOf(value));
        });
        listEl.replaceChildren(...items);
      };
      group.render = render;
      if (order.length > SHOWN) {
        const more = element("button", "catalog-facet-more");
        more.type = "button";
        more.setAttribute("aria-expanded", "false");
        const noun = facet.label.toLowerCase().replace(/y$/, "ie");
        more.textContent = `Show all ${order.length} ${noun}s`;
        more.addEventListener("click", () => {
          group.all = !group.all;
          more.setAttribute("aria-expanded", String(group.all));
          more.textContent = group.all ? "Show fewer" : `Show all ${order.length} ${noun}s`;
          render();
          updateCounts();
        });
        group.more = more;
        fieldset.append(more);
      }
      render();
      groups.push(group);
      body.append(fieldset);
    });

    if (!groups.length && !yearSelects.length) return;
    const clear = element("button", "catalog-facets-clear", "Clear all facets");
    clear.type = "button";
    clear.addEventListener("click", () => {
      state.from = null;
      state.to = null;
      FACETS.forEach((facet) => state.chosen[facet.key].clear());
      showState();
      changed();
    });
    body.append(clear);

    // before the filter box and its status
    const controls = api.input.closest(".catalog-controls");
    (controls || table).before(details);
    details.open = window.matchMedia ? window.matchMedia(WIDE).matches : true;
    if (table.id) details.setAttribute("aria-controls", table.id);

    /** The counts: per facet value, the rows that match the words and the OTHER facets. */
    function updateCounts() {
      const text = rows.map((row) => api.textMatches(row.r));
      yearSelects.forEach(({ select }) => {
        const counts = new Map();
        rows.forEach((row, i) => {
          if (text[i] && row.year !== null && matches(row, "year")) {
            counts.set(row.year, (counts.get(row.year) || 0) + 1);
          }
        });
        Array.from(select.options).forEach((option) => {
          if (!option.value) return;
          option.textContent = `${option.value} (${counts.get(Number(option.value)) || 0})`;
        });
      });
      groups.forEach((group) => {
        const key = group.facet.key;
        const counts = new Map();
        rows.forEach((row, i) => {
          if (!text[i] || !matches(row, key)) return;
          row.values[key].forEach((v) => counts.set(v, (counts.get(v) || 0) + 1));
        });
        group.items.forEach(({ count }, value) => {
          count.textContent = `(${counts.get(value) || 0})`;
        });
      });
      const chosen = FACETS.reduce((n, f) => n + state.chosen[f.key].size, 0)
        + (state.from !== null || state.to !== null ? 1 : 0);
      summaryCount.textContent = chosen ? ` (${chosen} chosen)` : "";
    }

    /** The controls as the state says. */
    function showState() {
      yearSelects.forEach(({ which, select }) => {
        const value = state[which] === null ? "" : String(state[which]);
        if (value && !Array.from(select.options).some((o) => o.value === value)) {
          select.append(new Option(value, value));
        }
        select.value = value;
      });
      groups.forEach((group) => {
        group.render();
        group.items.forEach(({ box }, value) => {
          box.checked = state.chosen[group.facet.key].has(value);
        });
      });
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
      state.from = null;
      state.to = null;
      FACETS.forEach((facet) => state.chosen[facet.key].clear());
      showState();
      changed();
      target.scrollIntoView();
    }

    api.setRowFilter(rowTest);
    showState();
    apply();
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    api.input.addEventListener("input", updateCounts);
    api.input.addEventListener("search", updateCounts);
    window.addEventListener("popstate", () => {
      const back = readUrl(index);
      state.from = back.from;
      state.to = back.to;
      state.chosen = back.chosen;
      showState();
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
