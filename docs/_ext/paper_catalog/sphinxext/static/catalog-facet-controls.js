/*
 * The facet controls that catalog-facets.js (a table's own rows) and catalog-whole.js
 * (every paper of a split table, from the data file) share: the facets, their state in the
 * query string, the test of an item against them, and the controls themselves.
 *
 * An item is anything with `year` (a number or null) and `values` (per facet key, the
 * item's values). The state is { chosen: {key: Set}, from, to }. The controls are native
 * checkboxes and selects with labels in a <details>, open on wide screens and closed on
 * phones; each value shows how many items it would leave: those that match the words and
 * every OTHER facet. Catalog text reaches the page only as textContent. No network.
 */
(() => {
  "use strict";

  const MAX_VALUES = 50; // values read from the URL per facet
  const SHOWN = 10; // values listed before "Show all"
  // a facet with more values than this is narrowed by typing instead: listing thousands
  // of values (authors) and recounting them on every click would not stay fast
  const MANY = 50;
  const fold = (text) => String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
  const WIDE = "(min-width: 60em)";
  const FACETS = [
    { key: "venue", label: "Venue" },
    { key: "kind", label: "Kind of venue" },
    { key: "topic", label: "Topic" },
    { key: "keyword", label: "Keyword" },
    { key: "author", label: "Author" },
    { key: "code", label: "Code", flag: true },
  ];
  const HAS_CODE = "Has code";
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The facet state in `query` (URLSearchParams), its names ending in `end`. */
  function readState(query, end) {
    const chosen = {};
    FACETS.forEach((facet) => {
      let values = query.getAll(facet.key + end).slice(0, MAX_VALUES);
      if (facet.flag) values = values.includes("1") ? [HAS_CODE] : [];
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

  /** `state` into `url`'s query string, its names ending in `end`. */
  function writeState(url, state, end) {
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
  }

  function clearState(state) {
    state.from = null;
    state.to = null;
    FACETS.forEach((facet) => state.chosen[facet.key].clear());
  }

  function anyChosen(state) {
    return state.from !== null || state.to !== null
      || FACETS.some((facet) => state.chosen[facet.key].size > 0);
  }

  /** Whether `item` matches every facet of `state` but `skip` (a facet key, or "year"). */
  function matches(state, item, skip) {
    if (skip !== "year") {
      if (state.from !== null && (item.year === null || item.year < state.from)) return false;
      if (state.to !== null && (item.year === null || item.year > state.to)) return false;
    }
    return FACETS.every((facet) => {
      if (facet.key === skip) return true;
      const chosen = state.chosen[facet.key];
      return !chosen.size || item.values[facet.key].some((v) => chosen.has(v));
    });
  }

  /** A facet's values, most items first, then by name, with each one's number of items. */
  function valuesOf(items, key) {
    const totals = new Map();
    items.forEach((item) => item.values[key].forEach((v) => totals.set(v, (totals.get(v) || 0) + 1)));
    const order = Array.from(totals.keys()).sort((a, b) =>
      totals.get(b) - totals.get(a) || collator.compare(a, b));
    return { order, totals };
  }

  /**
   * The controls of `items` under `state` (changed in place), with ids from `id`;
   * `onChange` runs after each change the reader makes. Null when no facet would narrow
   * the items. `updateCounts(hits)` shows the counts (hits[i]: item i has the words),
   * `showState()` puts the state in the controls.
   */
  function build({ id, items, state, onChange }) {
    const details = element("details", "catalog-facets");
    details.id = id;
    const summary = element("summary", "catalog-facets-summary");
    const summaryCount = element("span", "catalog-facets-chosen");
    summary.append(element("span", "", "Facets"), summaryCount);
    const body = element("div", "catalog-facets-body");
    details.append(summary, body);
    let lastHits = items.map(() => true);

    // year range: two selects, each option with its count
    const years = Array.from(new Set(items.map((item) => item.year).filter((y) => y !== null)))
      .sort((a, b) => b - a);
    const yearSelects = [];
    if (years.length > 1 || state.from !== null || state.to !== null) {
      const fieldset = element("fieldset", "catalog-facet catalog-facet-year");
      fieldset.append(element("legend", "", "Year"));
      [["from", "From"], ["to", "To"]].forEach(([which, text]) => {
        const select = element("select", "catalog-facet-select");
        select.id = `${id}-year-${which}`;
        const label = element("label", "catalog-facet-year-label", text);
        label.htmlFor = select.id;
        select.append(new Option("Any", ""));
        years.forEach((year) => select.append(new Option(String(year), String(year))));
        select.addEventListener("change", () => {
          state[which] = select.value ? Number(select.value) : null;
          onChange();
        });
        yearSelects.push({ which, select });
        fieldset.append(label, select);
      });
      body.append(fieldset);
    }

    // the other facets: a checkbox per value, the first few shown, and any chosen one
    const groups = [];
    FACETS.forEach((facet) => {
      const { order, totals } = valuesOf(items, facet.key);
      const chosen = state.chosen[facet.key];
      // a facet that would not narrow anything (every item has its only value) is left out
      const useful = order.some((v) => totals.get(v) < items.length) || chosen.size > 0;
      if (!order.length || !useful) return;
      const fieldset = element("fieldset", `catalog-facet catalog-facet-${facet.key}`);
      fieldset.append(element("legend", "", facet.label));
      const listEl = element("ul", "catalog-facet-values");
      fieldset.append(listEl);
      const group = { facet, items: new Map(), all: false, narrow: "" };
      const addItem = (value) => {
        const item = element("li", "catalog-facet-value");
        const label = element("label");
        const box = element("input");
        box.type = "checkbox";
        box.value = value;
        box.addEventListener("change", () => {
          if (box.checked) state.chosen[facet.key].add(value);
          else state.chosen[facet.key].delete(value);
          onChange();
        });
        const count = element("span", "catalog-facet-count");
        label.append(box, " ", element("span", "catalog-facet-name", value), " ", count);
        item.append(label);
        const found = { item, box, count };
        group.items.set(value, found);
        return found;
      };
      group.render = () => {
        const words = fold(group.narrow).split(/\s+/).filter(Boolean);
        const wanted = group.all ? order : words.length
          ? order.filter((v) => state.chosen[facet.key].has(v)
            || words.every((w) => fold(v).includes(w))).slice(0, MANY)
          : order.filter((v, i) => i < SHOWN || state.chosen[facet.key].has(v));
        listEl.replaceChildren(...wanted.map((value) => {
          const found = group.items.get(value) || addItem(value);
          found.box.checked = state.chosen[facet.key].has(value);
          return found.item;
        }));
      };
      const noun = facet.label.toLowerCase().replace(/y$/, "ie");
      if (order.length > MANY) {
        // a box to find values by their words; the first matches are listed
        const narrowId = `${id}-${facet.key}-find`;
        const narrowLabel = element("label", "catalog-facet-find-label",
          `Find among ${order.length} ${noun}s`);
        narrowLabel.htmlFor = narrowId;
        const narrow = element("input", "catalog-facet-find");
        narrow.type = "search";
        narrow.id = narrowId;
        narrow.autocomplete = "off";
        narrow.maxLength = 100;
        narrow.addEventListener("input", () => {
          group.narrow = narrow.value;
          group.render();
          updateCounts(lastHits);
        });
        fieldset.insertBefore(narrowLabel, listEl);
        fieldset.insertBefore(narrow, listEl);
      } else if (order.length > SHOWN) {
        const more = element("button", "catalog-facet-more", `Show all ${order.length} ${noun}s`);
        more.type = "button";
        more.setAttribute("aria-expanded", "false");
        more.addEventListener("click", () => {
          group.all = !group.all;
          more.setAttribute("aria-expanded", String(group.all));
          more.textContent = group.all ? "Show fewer" : `Show all ${order.length} ${noun}s`;
          group.render();
          updateCounts(lastHits);
        });
        fieldset.append(more);
      }
      group.render();
      groups.push(group);
      body.append(fieldset);
    });
    if (!groups.length && !yearSelects.length) return null;

    const clear = element("button", "catalog-facets-clear", "Clear all facets");
    clear.type = "button";
    clear.addEventListener("click", () => {
      clearState(state);
      showState();
      onChange();
    });
    body.append(clear);
    details.open = window.matchMedia ? window.matchMedia(WIDE).matches : true;

    function updateCounts(hits) {
      lastHits = hits;
      yearSelects.forEach(({ select }) => {
        const counts = new Map();
        items.forEach((item, i) => {
          if (hits[i] && item.year !== null && matches(state, item, "year")) {
            counts.set(item.year, (counts.get(item.year) || 0) + 1);
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
        items.forEach((item, i) => {
          if (!hits[i] || !matches(state, item, key)) return;
          item.values[key].forEach((v) => counts.set(v, (counts.get(v) || 0) + 1));
        });
        group.items.forEach(({ count }, value) => {
          count.textContent = `(${counts.get(value) || 0})`;
        });
      });
      const chosen = FACETS.reduce((n, f) => n + state.chosen[f.key].size, 0)
        + (state.from !== null || state.to !== null ? 1 : 0);
      summaryCount.textContent = chosen ? ` (${chosen} chosen)` : "";
    }

    function showState() {
      yearSelects.forEach(({ which, select }) => {
        const value = state[which] === null ? "" : String(state[which]);
        if (value && !Array.from(select.options).some((o) => o.value === value)) {
          select.append(new Option(value, value));
        }
        select.value = value;
      });
      groups.forEach((group) => group.render());
    }

    return { details, updateCounts, showState };
  }

  window.catalogFacetControls = Object.freeze({
    FACETS, HAS_CODE, readState, writeState, clearState, anyChosen, matches, build,
  });
})();
