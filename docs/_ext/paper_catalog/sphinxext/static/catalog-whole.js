/*
 * Whole-catalog mode of a page whose tables are split into parts (all papers, by year,
 * venue, keyword): the facets, the filter box and the sort buttons work over every
 * paper of the catalog, from the data file (window.paperCatalogData, loaded before this
 * script with a <script> tag, so it works from file:// too).
 *
 *   - with no filter, facet or sort chosen the page shows its static part and pager;
 *   - once one is chosen, the part is hidden and a table of the matching papers, sorted,
 *     is drawn (the first 100 rows, "Show more" for the next), with the same markup and
 *     classes as the server's rows, and an "N of M papers" live status;
 *   - facets (year range, venue, kind, topic, keyword, author, has code): a paper
 *     matches when it has every typed word and, in each facet, any chosen value; each
 *     value shows how many papers it would leave given the words and the OTHER facets;
 *   - the state is the query string of the table script and the facets script
 *     (?filter=&sort=2a&year=2020-2023&venue=ICML&...), facets pushed to the history so
 *     back and forward restore them;
 *   - a link to a row (#row-<id>) that is on another part of the page leads there.
 *
 * Catalog text reaches the page only as textContent and attribute values set with
 * setAttribute; links are made from the data's paths and the paper's http(s) URL.
 * Without JavaScript the parts and their pager are complete: this only adds controls.
 */
(() => {
  "use strict";

  const data = window.paperCatalogData;
  const facets = window.catalogFacetControls;
  const pager = document.querySelector("nav.catalog-pager[data-catalog-split]");
  if (!data || !facets || !pager || !Array.isArray(data.papers)
      || !Array.isArray(data.fields)) return;

  const MAX_FILTER = 200;
  const MAX_SEARCH = 8192;
  const PAGE_ROWS = 100; // rows drawn at first and per "Show more"
  const BODY_ROWS = 32; // rows per <tbody>, as the server writes them (table_html.py)
  const COLUMNS = [
    { name: "year", header: "Year" },
    { name: "keyword", header: "Keyword" },
    { name: "title", header: "Paper" },
    { name: "venue", header: "Venue" },
    { name: "topics", header: "Topics" },
  ];
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const collapse = (text) => String(text).replace(/\s+/g, " ").trim();
  const fold = (text) =>
    collapse(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const list = (value) => (Array.isArray(value) ? value : []);
  const text = (value) => (typeof value === "string" ? value : "");

  // -- the data ------------------------------------------------------------------------
  const F = {};
  data.fields.forEach((name, i) => { F[name] = i; });
  const kinds = list(data.kinds);
  const venues = list(data.venues);
  const topics = list(data.topics);
  const keywords = list(data.keywords);
  const authors = list(data.authors);
  const root = pager.dataset.catalogRoot || "";
  let parts = [];
  try {
    parts = list(JSON.parse(pager.dataset.catalogSplit || "[]"));
  } catch (error) {
    parts = [];
  }
  const partNumber = Number(pager.dataset.catalogPart) || 1;
  const placements = (pager.dataset.catalogPlacements || "").split(",").map(Number);
  const safeUrl = (url) => (/^https?:\/\//i.test(text(url)) ? url : "");

  const papers = data.papers.map((p, order) => {
    const venue = list(venues[p[F.venue]]);
    const kind = list(kinds[venue[3]]);
    const named = list(p[F.authors]).map((i) => list(authors[i]));
    const paperTopics = list(p[F.topics]).map((i) => list(topics[i]));
    const words = list(p[F.keywords]).map((i) => text(keywords[i]));
    return {
      p,
      order,
      id: text(p[F.id]),
      year: Number(p[F.year]) || null,
      venue,
      kindKey: text(kind[1]),
      authors: named,
      topics: paperTopics,
      keywords: words,
      values: {
        venue: [text(venue[0])],
        kind: [text(kind[0])],
        topic: paperTopics.map((t) => text(t[0])),
        keyword: words,
        author: named.map((a) => text(a[0])),
        code: p[F.code] ? [facets.HAS_CODE] : [],
      },
      hay: null,
    };
  });
  const byId = new Map(papers.map((paper) => [paper.id, paper]));

  /** The words a paper is found by: what its row shows and its tooltips. */
  function hay(paper) {
    if (paper.hay === null) {
      const p = paper.p;
      paper.hay = fold([paper.year, paper.keywords.join(" "), text(p[F.short]),
        text(p[F.title]), arxivLabel(paper), paper.authors.map((a) => text(a[0])).join(" "),
        text(paper.venue[0]), text(paper.venue[1]),
        paper.topics.map((t) => text(t[0])).join(" ")].join(" "));
    }
    return paper.hay;
  }

  function arxivLabel(paper) {
    const eprint = text(paper.p[F.eprint]);
    return eprint && /arxiv/.test(text(paper.p[F.url])) ? `arXiv ${eprint}` : "";
  }

  /** Sort key of a paper in a column, as the cell's text sorts. */
  function sortKey(paper, column) {
    const p = paper.p;
    switch (COLUMNS[column].name) {
      case "year": return paper.year;
      case "keyword": return paper.keywords.join("; ");
      case "title": return (text(p[F.short]) ? `${text(p[F.short])} \u2014 ` : "") + text(p[F.title]);
      case "venue": return text(paper.venue[0]);
      default: return paper.topics.map((t) => text(t[0])).join(", ");
    }
  }

  // -- a link to a row on another part -------------------------------------------------
  function rowTarget() {
    let hash = "";
    try {
      hash = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return null;
    }
    return hash.startsWith(text(data.rowPrefix)) ? hash : null;
  }

  function followRow() {
    const hash = rowTarget();
    if (!hash || document.getElementById(hash)) return false;
    const paper = byId.get(hash.slice(text(data.rowPrefix).length));
    const part = paper ? placements[paper.order] : 0;
    if (!part || part === partNumber || typeof parts[part - 1] !== "string") return false;
    window.location.replace(`${parts[part - 1]}#${encodeURIComponent(hash)}`);
    return true;
  }
  if (followRow()) return;

  // -- state in the URL ----------------------------------------------------------------
  function params() {
    const search = window.location.search;
    return new URLSearchParams(search.length <= MAX_SEARCH ? search : "");
  }

  function readUrl() {
    const query = params();
    const sorted = /^(\d+)([ad])$/.exec(query.get("sort") || "");
    const column = sorted ? Number(sorted[1]) : -1;
    return {
      q: (query.get("filter") || "").slice(0, MAX_FILTER),
      sort: column >= 0 && column < COLUMNS.length
        ? { column, descending: sorted[2] === "d" } : null,
      ...facets.readState(query, ""),
    };
  }

  function writeUrl(push) {
    let url;
    try {
      url = new URL(window.location.href);
    } catch (error) {
      return;
    }
    const set = (name, value) => {
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    };
    set("filter", state.q);
    set("sort", state.sort ? `${state.sort.column}${state.sort.descending ? "d" : "a"}` : "");
    facets.writeState(url, state, "");
    if (url.href === window.location.href) return;
    try {
      if (push) window.history.pushState(window.history.state, "", url.href);
      else window.history.replaceState(window.history.state, "", url.href);
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the page still works.
    }
  }

  const state = readUrl();
  const active = () => Boolean(collapse(state.q) || state.sort || facets.anyChosen(state));

  // -- matching --------------------------------------------------------------------------

  function textMatches() {
    const words = fold(state.q).split(" ").filter(Boolean);
    return papers.map((paper) => words.every((word) => hay(paper).includes(word)));
  }

  function ordered(found) {
    const sort = state.sort;
    if (!sort) return found;
    const sign = sort.descending ? -1 : 1;
    const numeric = COLUMNS[sort.column].name === "year";
    const keys = new Map(found.map((paper) => [paper, sortKey(paper, sort.column)]));
    return found.slice().sort((a, b) => {
      const x = keys.get(a);
      const y = keys.get(b);
      const emptyX = x === null || x === "";
      const emptyY = y === null || y === "";
      if (emptyX || emptyY) {
        if (emptyX !== emptyY) return emptyX ? 1 : -1;
      } else {
        const result = numeric ? x - y : collator.compare(x, y);
        if (result) return sign * result;
      }
      return a.order - b.order;
    });
  }

  // -- rows, as the server writes them -----------------------------------------------------
  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function link(href, className, content) {
    const a = element("a", className, content);
    a.setAttribute("href", href);
    return a;
  }

  function kev(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }

  /** The paper's COinS value, as the server's coins.py writes it. */
  function coins(paper) {
    const p = paper.p;
    const pair = (key, value) => `${key}=${kev(value)}`;
    const eprint = text(p[F.eprint]);
    const doi = text(p[F.doi]);
    const name = text(paper.venue[2]);
    let pairs;
    if (paper.kindKey === "conference" || paper.kindKey === "workshop") {
      pairs = [pair("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), pair("rft.genre", "proceeding"),
        pair("rft.atitle", text(p[F.title])), pair("rft.btitle", name)];
    } else {
      const where = paper.kindKey === "preprint" && eprint ? `arXiv preprint arXiv:${eprint}` : name;
      const genre = paper.kindKey === "journal" || paper.kindKey === "preprint" ? "article" : "unknown";
      pairs = [pair("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), pair("rft.genre", genre),
        pair("rft.atitle", text(p[F.title])), pair("rft.jtitle", where)];
    }
    paper.authors.forEach((a) => pairs.push(pair("rft.au", text(a[0]))));
    pairs.push(pair("rft.date", String(paper.year ?? "")));
    pairs.push(pair("rft_id", text(p[F.url])));
    if (doi) pairs.push(pair("rft_id", `info:doi/${doi}`));
    else if (eprint) pairs.push(pair("rft_id", `info:arxiv/${eprint}`));
    return ["ctx_ver=Z39.88-2004", ...pairs].join("&");
  }

  function authorNode(author, shown) {
    const anchor = text(author[2]);
    // the page of the by-author list that holds the author
    const page = text(list(data.authorPages)[Number(author[3]) || 0]) || text(data.authorPage);
    if (!anchor || !page) return document.createTextNode(shown);
    return link(`${root}${page}#${anchor}`, "reference internal", shown);
  }

  function cell(name, ...children) {
    const td = element("td", `catalog-col-${name}`);
    td.append(...children);
    return td;
  }

  function paragraph(...children) {
    const p = element("p");
    p.append(...children);
    return p;
  }

  function titleCell(paper) {
    const p = paper.p;
    const first = paragraph();
    const short = text(p[F.short]);
    if (short) first.append(element("strong", "catalog-short", short), " \u2014 ");
    const url = safeUrl(p[F.url]);
    const title = url ? link(url, "reference external", text(p[F.title]))
      : element("span", "", text(p[F.title]));
    const label = arxivLabel(paper);
    if (label) title.setAttribute("title", label);
    first.append(title);
    if (text(data.paperPage)) {
      first.append(" ", link(`${root}${text(data.paperPage).split(text(data.pageId)).join(paper.id)}`,
        "reference internal catalog-paper-page", "cite"));
    }
    const span = element("span", "Z3988");
    span.setAttribute("title", coins(paper));
    first.append(" ", span);
    const td = cell("title", first);
    const named = paper.authors;
    if (named.length && named.length <= 2) {
      const names = element("p", "catalog-authors");
      named.forEach((a, i) => {
        if (i) names.append(" and ");
        names.append(authorNode(a, text(a[1])));
      });
      td.append(names);
    } else if (named.length) {
      const details = element("details", "catalog-authors");
      details.append(element("summary", "", `${text(named[0][1])} et al.`));
      const full = paragraph();
      named.forEach((a, i) => {
        if (i) full.append(", ");
        full.append(authorNode(a, text(a[0])));
      });
      details.append(full);
      td.append(details);
    }
    return td;
  }

  function topicsCell(paper) {
    const p = paragraph();
    paper.topics.forEach((topic, i) => {
      if (i) p.append(", ");
      const title = text(topic[0]);
      const page = text(topic[1]);
      const label = element("span", "xref catalog catalog-listing", title);
      if (!page) {
        p.append(label);
        return;
      }
      const a = link(`${root}${page}#${text(data.rowPrefix)}${paper.id}`, "reference internal");
      a.setAttribute("title", title);
      a.append(label);
      p.append(a);
    });
    return cell("topics", p);
  }

  function row(paper, position) {
    const tr = element("tr", position % 2 ? "row-odd catalog-row-alt" : "row-even");
    const abbr = element("abbr", "", text(paper.venue[0]));
    abbr.setAttribute("title", text(paper.venue[1]));
    tr.append(cell("year", paragraph(String(paper.year ?? ""))),
      cell("keyword", paragraph(paper.keywords.join("; "))),
      titleCell(paper), cell("venue", paragraph(abbr)), topicsCell(paper));
    return tr;
  }

  // -- the controls ----------------------------------------------------------------------
  const staticTables = Array.from(document.querySelectorAll("table.catalog-table--split"));
  const endPager = Array.from(document.querySelectorAll("nav.catalog-pager")).pop();
  const box = element("div", "catalog-whole");

  const controls = element("div", "catalog-controls");
  const label = element("label", "catalog-filter-label", "Filter papers");
  label.htmlFor = "catalog-filter-0";
  const input = element("input", "catalog-filter");
  input.type = "search";
  input.id = "catalog-filter-0";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = "Words in any column";
  input.maxLength = MAX_FILTER;
  input.setAttribute("aria-controls", "catalog-whole-table");
  const status = element("p", "catalog-filter-status");
  status.id = "catalog-filter-0-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  input.setAttribute("aria-describedby", status.id);
  controls.append(label, input, status);

  const results = element("div", "catalog-whole-results");
  results.hidden = true;
  const scroller = element("div", "catalog-table-scroll");
  // "table": the theme styles it as the tables Sphinx writes (link colours, cells)
  const table = element("table", "catalog-table catalog-table--enhanced catalog-table--whole table");
  table.id = "catalog-whole-table";
  const head = element("thead");
  const headRow = element("tr", "row-odd");
  const headers = COLUMNS.map((column, index) => {
    const th = element("th", `head catalog-col-${column.name}`);
    th.append(sortButton(column.header, () => clickSort(index, null)));
    headRow.append(th);
    return th;
  });
  head.append(headRow);
  table.append(head);
  scroller.append(table);
  const more = element("button", "catalog-whole-more", "Show more");
  more.type = "button";
  results.append(scroller, more);

  function sortButton(content, onClick) {
    const button = element("button", "catalog-sort-button");
    button.type = "button";
    if (typeof content === "string") button.append(content);
    else button.append(...content);
    const indicator = element("span", "catalog-sort-indicator");
    indicator.setAttribute("aria-hidden", "true");
    button.append(indicator);
    button.addEventListener("click", onClick);
    return button;
  }

  /** A click on column `index`: ascending, or the other way if it is the order shown
   * (`written`: the static table's own order when no sort is chosen). */
  function clickSort(index, written) {
    const shown = state.sort || written;
    const descending = shown && shown.column === index ? !shown.descending : false;
    state.sort = { column: index, descending };
    update(false);
    const th = headers[index];
    const button = th && th.querySelector("button");
    if (button) button.focus();
  }

  // the static tables' headers sort every paper too
  staticTables.forEach((staticTable) => {
    const row0 = staticTable.tHead && staticTable.tHead.rows[staticTable.tHead.rows.length - 1];
    if (!row0) return;
    Array.from(row0.cells).forEach((th) => {
      const index = COLUMNS.findIndex((c) => th.classList.contains(`catalog-col-${c.name}`));
      if (index < 0) return;
      let written = null;
      if (th.classList.contains("catalog-sorted-descending")) written = { column: index, descending: true };
      if (th.classList.contains("catalog-sorted-ascending")) written = { column: index, descending: false };
      if (written) th.setAttribute("aria-sort", written.descending ? "descending" : "ascending");
      const content = [];
      Array.from(th.childNodes).forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "P") content.push(...node.childNodes);
        else content.push(node);
      });
      th.replaceChildren(sortButton(content, () => clickSort(index, written)));
    });
    staticTable.classList.add("catalog-table--enhanced");
    if (!staticTable.closest(".catalog-table-scroll, .pst-scrollable-table-container")) {
      const wrap = element("div", "catalog-table-scroll");
      staticTable.before(wrap);
      wrap.append(staticTable);
    }
  });

  // -- facets (catalog-facet-controls.js) -------------------------------------------------
  const built = facets.build({ id: "catalog-facets-0", items: papers, state,
    onChange: () => update(true) });
  if (built) built.details.setAttribute("aria-controls", table.id);

  box.append(...(built ? [built.details] : []), controls, results);
  pager.after(box);
  const placeholder = document.querySelector("div.catalog-page-filter");
  if (placeholder) placeholder.hidden = true;

  // -- drawing -----------------------------------------------------------------------------
  let found = [];
  let drawn = 0;

  /** The next rows, in bodies of BODY_ROWS rows as the server's (the last one filled
   * first), each with its count of rows for the stylesheet's height estimate. */
  function drawMore() {
    const next = found.slice(drawn, drawn + PAGE_ROWS);
    let body = table.tBodies[table.tBodies.length - 1];
    const filled = new Set();
    next.forEach((paper, i) => {
      if (!body || body.rows.length >= BODY_ROWS) body = table.appendChild(element("tbody"));
      body.append(row(paper, drawn + i));
      filled.add(body);
    });
    filled.forEach((tbody) => tbody.style.setProperty("--catalog-rows", String(tbody.rows.length)));
    drawn += next.length;
    more.hidden = drawn >= found.length;
    more.textContent = `Show more (${Math.min(PAGE_ROWS, found.length - drawn)} of ${found.length - drawn} left)`;
  }

  /** The page as the state says: the static part, or every matching paper. */
  function show() {
    if (input.value !== state.q) input.value = state.q;
    const hits = textMatches();
    if (built) {
      built.showState();
      built.updateCounts(hits);
    }
    const on = active();
    found = on ? ordered(papers.filter((paper, i) => hits[i]
      && facets.matches(state, paper, null))) : [];
    headers.forEach((th, column) => {
      if (state.sort && state.sort.column === column) {
        th.setAttribute("aria-sort", state.sort.descending ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
    Array.from(table.tBodies).forEach((tbody) => tbody.remove());
    drawn = 0;
    if (on) drawMore();
    results.hidden = !on;
    let node = box.nextElementSibling;
    while (node) {
      node.hidden = on;
      if (node === endPager) break;
      node = node.nextElementSibling;
    }
    pager.hidden = on;
    const shownCount = on ? found.length : papers.length;
    const noun = papers.length === 1 ? "paper" : "papers";
    status.textContent = `${shownCount} of ${papers.length} ${noun}`;
  }

  function update(push) {
    show();
    writeUrl(push);
  }

  // the next rows drawn, the focus goes on to the first of them (the button may be gone)
  more.addEventListener("click", () => {
    const first = drawn;
    drawMore();
    const tr = table.querySelectorAll("tbody > tr")[first];
    if (!tr) return;
    let target = tr.querySelector("a[href]");
    if (!target) {
      tr.tabIndex = -1;
      target = tr;
    }
    target.focus();
  });
  const onInput = () => {
    if (input.value === state.q) return;
    state.q = input.value.slice(0, MAX_FILTER);
    update(false);
  };
  input.addEventListener("input", onInput);
  input.addEventListener("search", onInput);
  window.addEventListener("popstate", () => {
    Object.assign(state, readUrl());
    show();
  });
  window.addEventListener("hashchange", () => {
    if (followRow()) return;
    const hash = rowTarget();
    const target = hash && document.getElementById(hash);
    if (target && active()) {
      // a link to a row of this part: the part, not the results
      state.q = "";
      state.sort = null;
      facets.clearState(state);
      update(true);
      target.scrollIntoView();
    }
  });
  show();
  if (active() && rowTarget() && document.getElementById(rowTarget())) {
    // a shared link to a row, with a view: the row wins
    state.q = "";
    state.sort = null;
    facets.clearState(state);
    update(false);
    document.getElementById(rowTarget()).scrollIntoView();
  }
})();
