/*
 * Sortable, filterable catalog tables.
 *
 * Enhances every <table class="catalog-table"> on the page:
 *   - each column header gets a <button> that sorts the rows (click, Enter or
 *     Space), toggling ascending/descending and reflected in aria-sort;
 *   - a search box before the table hides rows that do not contain every
 *     typed word, with an "N of M papers" live status;
 *   - filter and sort are kept in the query string (?filter=...&sort=0d for
 *     the first table, filter1/sort1 for the second, ...) so a view can be
 *     shared. Not `q`: Sphinx's searchtools.js, loaded on every page by the
 *     theme, runs a search (and throws outside search.html) when it sees `q`.
 *
 * A page with a <div class="catalog-page-filter"> (Papers by keyword) gets one filter
 * box there for all its tables instead of one per table (kept as ?filter=...); a
 * section none of whose rows match is hidden while the filter is on.
 *
 * A long table comes in several bodies of a few dozen rows each (the page is written
 * so): they are one run of rows, which sorting re-deals over the bodies (each keeps its
 * number of rows); a body none of whose rows match the filter is hidden, and each body
 * carries the count of its shown rows (--catalog-rows) for the stylesheet, which on
 * wide screens lays out only the bodies near the viewport.
 *
 * Each enhanced table gets a `catalogTable` property for the facets script
 * (catalog-facets.js): its rows, whether a row matches the typed words, a hook for
 * another test a row must pass (`setRowFilter`) and `refresh()` to apply them again.
 * Back and forward restore the filter and sort of the URL they return to.
 *
 * Tables split into parts (class catalog-table--split) are left to catalog-whole.js,
 * which filters and sorts every paper of the catalog, not the part's rows.
 *
 * No dependencies, no network, works from file:// and with `defer`.
 * Without JavaScript the table is complete: this only adds controls.
 */
(() => {
  "use strict";

  const TABLE_SELECTOR = "table.catalog-table";
  const THEME_SCROLLER = "pst-scrollable-table-container";
  const PAGE_FILTER = "div.catalog-page-filter";
  // a table split into parts, which catalog-whole.js enhances over the whole catalog
  const SPLIT = "catalog-table--split";
  const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const tables = [];

  const collapse = (text) => text.replace(/\s+/g, " ").trim();
  const fold = (text) =>
    collapse(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const cellText = (cell) => (cell ? collapse(cell.textContent) : "");

  /** Text a row is filtered on: its cells plus tooltips (e.g. full venue names), not the
   * citation data of its COinS span. */
  function rowText(row) {
    const titles = Array.from(row.querySelectorAll("[title]:not(.Z3988)"), (el) => el.title);
    return fold(`${row.textContent} ${titles.join(" ")}`);
  }

  /** Longest filter text (typed or from the URL) and longest query string read. */
  const MAX_FILTER = 200;
  const MAX_SEARCH = 8192;

  /** Query parameter names for the table at `index` (first table: filter, sort). */
  function paramNames(index) {
    const suffix = index === 0 ? "" : String(index);
    return { q: `filter${suffix}`, sort: `sort${suffix}` };
  }

  function readState(index, columnCount) {
    // A crafted link must not freeze the page: a query string longer than any shared view
    // is ignored, a filter is cut to what the box accepts.
    const search = window.location.search;
    const params = new URLSearchParams(search.length <= MAX_SEARCH ? search : "");
    const names = paramNames(index);
    const match = /^(\d+)([ad])$/.exec(params.get(names.sort) || "");
    const column = match ? Number(match[1]) : -1;
    return {
      q: (params.get(names.q) || "").slice(0, MAX_FILTER),
      sort: column >= 0 && column < columnCount ? { column, descending: match[2] === "d" } : null,
    };
  }

  function writeState(index, state) {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (error) {
      return;
    }
    const names = paramNames(index);
    if (state.q) url.searchParams.set(names.q, state.q);
    else url.searchParams.delete(names.q);
    if (state.sort) {
      url.searchParams.set(names.sort, `${state.sort.column}${state.sort.descending ? "d" : "a"}`);
    } else {
      url.searchParams.delete(names.sort);
    }
    if (url.href === window.location.href) return;
    try {
      window.history.replaceState(window.history.state, "", url.href);
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the table still works.
    }
  }

  /** The order the server already applied, from the sorted column's header class. */
  function serverSort(headers) {
    for (let column = 0; column < headers.length; column += 1) {
      const classes = headers[column].classList;
      if (classes.contains("catalog-sorted-ascending")) return { column, descending: false };
      if (classes.contains("catalog-sorted-descending")) return { column, descending: true };
    }
    return null;
  }

  /** Move a header's content into a button; <p> wrappers are unwrapped. */
  function makeSortButton(th) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "catalog-sort-button";
    Array.from(th.childNodes).forEach((node) => {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "P") {
        if (button.childNodes.length) button.append(" ");
        button.append(...node.childNodes);
        node.remove();
      } else {
        button.append(node);
      }
    });
    const indicator = document.createElement("span");
    indicator.className = "catalog-sort-indicator";
    indicator.setAttribute("aria-hidden", "true");
    button.append(indicator);
    th.append(button);
    return button;
  }

  /** Where the controls go (none for a page filter): before the theme's scroll
   * container, or a new one. */
  function placeControls(table, controls) {
    let scroller = table.parentElement;
    if (!scroller || !scroller.classList.contains(THEME_SCROLLER)) {
      scroller = document.createElement("div");
      scroller.className = "catalog-table-scroll";
      table.before(scroller);
      scroller.append(table);
    }
    if (controls) scroller.before(controls);
  }

  /** Every body row (its original position, filter text, and whether it is hidden and
   * striped), and the bodies with the rows each holds. */
  function collectRows(table) {
    const rows = [];
    const bodies = Array.from(table.tBodies, (element) => {
      const held = Array.from(element.rows, (row) => ({
        row,
        order: 0,
        text: rowText(row),
        hidden: row.hidden,
        alt: row.classList.contains("catalog-row-alt"),
      }));
      held.forEach((r) => {
        r.order = rows.length;
        rows.push(r);
      });
      return { element, rows: held, shown: -1 };
    });
    return { rows, bodies };
  }

  /** Per column, the text of each row's cell, by row order: read once, when the table is
   * enhanced, for both the numeric test and the sort keys. */
  function columnTexts(headers, rows) {
    return headers.map((th, column) => rows.map((r) => cellText(r.row.cells[column])));
  }

  /** Per column: true if it sorts as numbers (the year, or every non-empty cell a number). */
  function numericColumns(headers, texts) {
    return headers.map((th, column) => {
      if (th.classList.contains("catalog-col-year")) return true;
      const values = texts[column].filter(Boolean);
      return values.length > 0 && values.every((value) => NUMBER.test(value));
    });
  }

  /** Sort keys of a column's cells by row order (null: empty), computed once per column. */
  function sortKeys(texts, numeric) {
    const keyCache = [];
    return (column) => {
      if (!keyCache[column]) {
        keyCache[column] = texts[column].map((text) => {
          if (!text) return null;
          if (!numeric[column]) return text;
          return NUMBER.test(text) ? Number(text) : null;
        });
      }
      return keyCache[column];
    };
  }

  /** The filter box and its live "N of M papers" status. */
  function makeControls(table, index) {
    const id = `catalog-filter-${index}`;
    const controls = document.createElement("div");
    controls.className = "catalog-controls";
    const label = document.createElement("label");
    label.className = "catalog-filter-label";
    label.htmlFor = id;
    label.textContent = "Filter papers";
    const input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "catalog-filter";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Words in any column";
    input.maxLength = MAX_FILTER;
    if (table && table.id) input.setAttribute("aria-controls", table.id);
    const status = document.createElement("p");
    status.id = `${id}-status`;
    status.className = "catalog-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    input.setAttribute("aria-describedby", status.id);
    controls.append(label, input, status);
    return { controls, input, status };
  }

  /** Zebra stripes by visible position across the bodies (the theme's :nth-child counts
   * hidden rows); each body's count of shown rows, hidden when it has none. Only what
   * changed is written. */
  function restripe(view) {
    let visible = 0;
    view.bodies.forEach((body) => {
      let shown = 0;
      body.rows.forEach((r) => {
        if (r.hidden) return;
        const alt = visible % 2 === 1;
        if (r.alt !== alt) {
          r.alt = alt;
          r.row.classList.toggle("catalog-row-alt", alt);
        }
        visible += 1;
        shown += 1;
      });
      if (body.shown === shown) return;
      body.shown = shown;
      body.element.hidden = shown === 0;
      body.element.style.setProperty("--catalog-rows", String(shown));
    });
  }

  /** Hide the rows without every word of `query` (or that another filter, such as the
   * facets, rejects); update the status. */
  function applyFilter(view, query) {
    const words = fold(query).split(" ").filter(Boolean);
    view.words = words;
    const other = view.rowFilter;
    let count = 0;
    view.rows.forEach((r) => {
      const match = words.every((word) => r.text.includes(word)) && (!other || other(r));
      if (r.hidden === match) {
        r.hidden = !match;
        r.row.hidden = !match;
      }
      if (match) count += 1;
    });
    view.count = count;
    if (view.shared) return; // the page filter's status counts every table
    const noun = view.rows.length === 1 ? "paper" : "papers";
    view.status.textContent = `${count} of ${view.rows.length} ${noun}`;
    view.table.classList.toggle("catalog-table--filtered", words.length > 0 || Boolean(other));
  }

  /** aria-sort on the header of the column the rows are sorted by, on no other. */
  function showSortState(view) {
    const shown = view.shown;
    view.headers.forEach((th, column) => {
      if (shown && shown.column === column) {
        th.setAttribute("aria-sort", shown.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  /** Reorder the rows by `sort` ({column, descending}); empty cells last, ties stable.
   * Column -1 is the order the page was written in. */
  function applySort(view, sort) {
    const keys = sort.column < 0 ? view.rows.map(() => null) : view.keysFor(sort.column);
    const sign = sort.descending ? -1 : 1;
    const compare = view.numeric[sort.column] ? (a, b) => a - b : collator.compare;
    const ordered = view.rows.slice().sort((a, b) => {
      const x = keys[a.order];
      const y = keys[b.order];
      if (x === null || y === null) {
        // Empty cells go last in both directions.
        if (x !== y) return x === null ? 1 : -1;
      } else {
        const result = compare(x, y);
        if (result) return sign * result;
      }
      return a.order - b.order; // stable: ties keep the original order
    });
    // Deal the rows over the bodies in order, each keeping its number of rows; a body
    // whose rows are already the ones it holds is left alone.
    let start = 0;
    view.bodies.forEach((body) => {
      const rows = ordered.slice(start, start + body.rows.length);
      start += rows.length;
      if (rows.every((r, k) => r === body.rows[k])) return;
      body.rows = rows;
      body.element.replaceChildren(...rows.map((r) => r.row));
    });
    view.shown = sort;
    showSortState(view);
  }

  /** Sort buttons in the headers and the filter box's listeners; returns the input handler. */
  function connect(view) {
    const { state, input, index } = view;
    view.headers.forEach((th, column) => {
      makeSortButton(th).addEventListener("click", () => {
        const shown = view.shown;
        const descending = shown && shown.column === column ? !shown.descending : false;
        state.sort = { column, descending };
        applySort(view, state.sort);
        restripe(view);
        writeState(index, urlState(view));
      });
    });
    const onInput = () => {
      if (input.value === state.q) return;
      state.q = input.value;
      applyFilter(view, state.q);
      restripe(view);
      writeState(index, urlState(view));
    };
    input.addEventListener("input", onInput);
    input.addEventListener("search", onInput);
    return onInput;
  }

  /** What a table writes in the URL: a page filter is written once, as the first
   * table's (`filter`). */
  function urlState(view) {
    return view.shared && view.index !== 0 ? { ...view.state, q: "" } : view.state;
  }

  /** Apply the filter and sort shared in the URL. */
  function applyUrlState(view) {
    const { state, input } = view;
    const initial = readState(view.index, view.headers.length);
    if (view.shared) initial.q = readState(0, 0).q;
    state.q = initial.q;
    input.value = initial.q;
    applyFilter(view, initial.q);
    if (initial.sort) {
      state.sort = initial.sort;
      applySort(view, initial.sort);
    } else if (state.sort) {
      // back to a URL without a sort: the order the page was written in
      state.sort = null;
      applySort(view, view.written || { column: -1, descending: false });
      if (!view.written) {
        view.shown = null;
        showSortState(view);
      }
    } else {
      showSortState(view);
    }
    restripe(view);
  }

  function enhance(table, index, shared) {
    if (table.classList.contains("catalog-table--enhanced")) return;
    if (table.classList.contains(SPLIT)) return; // catalog-whole.js: every paper
    const head = table.tHead;
    const headRow = head && head.rows[head.rows.length - 1];
    if (!headRow) return;
    const headers = Array.from(headRow.cells);
    const { rows, bodies } = collectRows(table);
    const texts = columnTexts(headers, rows);
    const numeric = numericColumns(headers, texts);
    const { controls, input, status } = shared || makeControls(table, index);
    const view = {
      table,
      index,
      headers,
      rows,
      bodies,
      numeric,
      keysFor: sortKeys(texts, numeric),
      input,
      status,
      shared: Boolean(shared),
      count: rows.length,
      state: { q: "", sort: null }, // what the URL records
      shown: serverSort(headers), // what the rows show
      written: serverSort(headers), // the order the page was written in
      words: [],
      rowFilter: null,
    };
    connect(view);
    placeControls(table, shared ? null : controls);
    table.classList.add("catalog-table--enhanced");
    applyUrlState(view);
    table.catalogTable = {
      rows,
      input,
      textMatches: (r) => view.words.every((word) => r.text.includes(word)),
      setRowFilter(test) {
        view.rowFilter = test;
      },
      refresh() {
        applyFilter(view, view.state.q);
        restripe(view);
        if (shared) shared.input.dispatchEvent(new Event("catalog-refresh"));
      },
    };
    tables.push({
      table,
      view,
      clearFilter() {
        input.value = "";
        input.dispatchEvent(new Event("input"));
      },
    });
  }

  /** The page filter's box, in the page's placeholder; null if the page has none. */
  function pageFilter() {
    const place = document.querySelector(PAGE_FILTER);
    if (!place || document.querySelector(`table.${SPLIT}`)) return null;
    const shared = makeControls(null, "page");
    shared.input.setAttribute("aria-controls", Array.from(
      document.querySelectorAll(TABLE_SELECTOR), (table) => table.id).filter(Boolean).join(" "));
    place.append(shared.controls);
    return shared;
  }

  /** After each table applied the page filter: the total, and sections without a match
   * hidden while a filter is on. */
  function showPageFilter(shared) {
    const update = () => {
      const views = tables.map((entry) => entry.view);
      const count = views.reduce((sum, view) => sum + view.count, 0);
      const total = views.reduce((sum, view) => sum + view.rows.length, 0);
      shared.status.textContent = `${count} of ${total} papers`;
      const filtering = shared.input.value.trim() !== "";
      document.querySelectorAll("section").forEach((section) => {
        if (!section.querySelector(TABLE_SELECTOR)) return;
        section.hidden = filtering && !section.querySelector(
          `${TABLE_SELECTOR} > tbody > tr:not([hidden])`);
      });
    };
    shared.input.addEventListener("input", update);
    shared.input.addEventListener("search", update);
    shared.input.addEventListener("catalog-refresh", update);
    update();
  }

  /** A link to a row hidden by the filter clears that table's filter first.
   *  (A row's id is row-<id>, named in paper_catalog/site_urls.py.) */
  function revealTarget() {
    let target = null;
    try {
      const hash = decodeURIComponent(window.location.hash.slice(1));
      target = hash ? document.getElementById(hash) : null;
    } catch (error) {
      return;
    }
    if (!target || !target.closest("tr[hidden]")) return;
    const owner = tables.find((entry) => entry.table.contains(target));
    if (!owner) return;
    owner.clearFilter();
    target.scrollIntoView();
  }

  function init() {
    const shared = pageFilter();
    document.querySelectorAll(TABLE_SELECTOR).forEach((table, index) =>
      enhance(table, index, shared));
    if (!tables.length) return;
    if (shared) showPageFilter(shared);
    revealTarget();
    window.addEventListener("hashchange", revealTarget);
    window.addEventListener("popstate", () => {
      tables.forEach((entry) => applyUrlState(entry.view));
      if (shared) shared.input.dispatchEvent(new Event("catalog-refresh"));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
