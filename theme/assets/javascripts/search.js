/*
 * Search in the page: the header's box on every page, and the search page. Nothing is fetched
 * until search is first used (the box gets focus, or `/` is pressed); then lunr.js and the
 * index's entry file load, and each query fetches the shards of its own words
 * (search-engine.js). Corpus text is only ever set with textContent.
 */

import { completeHeaderBox } from "./search-box.js";
import { SearchData } from "./search-data.js";
import { PAGE_SIZE, SearchEngine } from "./search-engine.js";

const HEADER_LIMIT = 8;

/** Starts lunr.js and the engine once, on first use. */
class SearchClient {
  constructor(root) {
    this.root = root;
    this.ready = null;
  }

  start() {
    if (!this.ready) {
      this.ready = Promise.all([loadLunr(new URL("search/lunr.js", this.root).href), null])
        .then(([lunr]) => {
          const data = new SearchData(new URL("search/", this.root).href);
          const engine = new SearchEngine(lunr, data);
          return data.meta().then(() => engine);
        })
        .catch((error) => {
          this.ready = null; // a later use tries again
          throw error;
        });
    }
    return this.ready;
  }

  async search(q, options) {
    const engine = await this.start();
    return engine.search(q, options);
  }
}

function loadLunr(src) {
  if (window.lunr) return Promise.resolve(window.lunr);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.lunr);
    script.onerror = () => reject(new Error("lunr.js did not load"));
    document.head.appendChild(script);
  });
}

/* The header's search box */

class HeaderBox {
  constructor(element, client, root) {
    this.client = client;
    this.root = root;
    completeHeaderBox(element);
    this.toggle = document.getElementById("__search");
    this.form = element.querySelector("form");
    this.input = element.querySelector(".md-search__input");
    this.meta = element.querySelector(".md-search-result__meta");
    this.list = element.querySelector(".md-search-result__list");
    this.all = element.querySelector(".ps-search__all");
    this.selection = new Selection(this.input, this.list);
    this.latest = 0;

    this.input.addEventListener("focus", () => this.open());
    this.input.addEventListener("input", () => this.update());
    this.input.addEventListener("keydown", (event) => this.keydown(event));
    this.form.addEventListener("reset", () => {
      setTimeout(() => {
        this.update();
        this.input.focus();
      });
    });
    // Close the overlay when focus moves on out of it (tabbing on into the nav), so that it
    // does not dim a page the reader has moved to.
    element.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (next instanceof Node && !element.contains(next)) this.close();
    });
    if (this.toggle) {
      // The theme's header button and overlay flip this checkbox, as for its own search.
      this.toggle.addEventListener("change", () => {
        if (this.toggle.checked) this.input.focus();
        else this.close();
      });
    }
  }

  open() {
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
    this.input.setAttribute("aria-expanded", "true");
    if (this.input.value.trim()) {
      this.update();
      return;
    }
    this.meta.textContent = "Loading search…";
    this.client.start().then(
      () => {
        if (!this.input.value.trim()) this.meta.textContent = "Type to search the papers";
      },
      (error) => {
        this.meta.textContent = unavailable(error);
      },
    );
  }

  close() {
    if (this.toggle) this.toggle.checked = false;
    this.input.setAttribute("aria-expanded", "false");
    this.input.blur();
  }

  update() {
    const q = this.input.value;
    const ticket = ++this.latest;
    if (!q.trim()) {
      this.show(null, q);
      return;
    }
    this.meta.textContent = "Searching…";
    this.input.closest(".md-search").setAttribute("aria-busy", "true");
    this.client
      .search(q, { typing: true, pageSize: HEADER_LIMIT })
      .then((answer) => {
        if (ticket === this.latest) this.show(answer, q);
      })
      .catch((error) => {
        if (ticket === this.latest) this.meta.textContent = unavailable(error);
      })
      .finally(() => {
        if (ticket === this.latest) this.input.closest(".md-search").removeAttribute("aria-busy");
      });
  }

  show(answer, q) {
    clear(this.list);
    this.all.hidden = true;
    if (!answer) {
      this.meta.textContent = "Type to search the papers";
      this.selection.reset(-1);
      return;
    }
    this.meta.textContent = summary(answer, { paging: false });
    answer.results.forEach((found, position) => {
      this.list.appendChild(headerItem(found, position, this.root));
    });
    if (answer.matched > answer.results.length) {
      this.all.hidden = false;
      this.all.textContent = `All ${answer.matched} results, with filters`;
      this.all.href = searchUrl(this.root, { q: answer.shownAs || q });
    }
    // Enter opens the first result unless the arrows chose another, as in the theme's search.
    this.selection.reset(answer.results.length ? 0 : -1);
  }

  keydown(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (this.selection.move(event)) {
      event.preventDefault();
    } else if (event.key === "Enter" && this.selection.open()) {
      event.preventDefault();
    }
  }
}

function headerItem(found, position, root) {
  const item = element("li", "md-search-result__item");
  item.id = `ps-search-result-${position}`;
  item.setAttribute("role", "option");
  const link = element("a", "md-search-result__link");
  link.href = new URL(found.url, root).href;
  link.tabIndex = -1;
  const article = element("article", "md-search-result__article md-typeset");
  article.appendChild(highlighted("h1", null, found.title));
  if (found.snippet.length) {
    article.appendChild(highlighted("p", "md-search-result__teaser", found.snippet));
  }
  link.appendChild(article);
  item.appendChild(link);
  return item;
}

/* The search page */

class SearchPage {
  constructor(element, client, root) {
    this.client = client;
    this.root = root;
    this.form = element.querySelector("form");
    this.input = element.querySelector(".ps-search-page__input");
    this.status = element.querySelector(".ps-search-page__status");
    this.notice = element.querySelector(".ps-search-page__notice");
    this.facets = element.querySelector(".ps-facets");
    this.topicFacet = element.querySelector('[data-ps-facet="topic"]');
    this.codeFacet = element.querySelector('[data-ps-facet="code"]');
    this.yearFacet = element.querySelector('[data-ps-facet="year"]');
    this.codeBox = this.codeFacet.querySelector("input");
    this.list = element.querySelector(".ps-results");
    this.pager = element.querySelector(".ps-pager");
    this.selection = new Selection(this.input, this.list);
    this.latest = 0;
    this.state = readState();
    this.input.value = this.state.q;

    this.input.addEventListener("input", () => {
      this.state = { ...this.state, q: this.input.value, page: 1 };
      this.run("replace", true);
    });
    this.input.addEventListener("keydown", (event) => {
      if (this.selection.move(event)) {
        event.preventDefault();
      } else if (event.key === "Enter" && this.selection.active >= 0) {
        event.preventDefault();
        this.selection.open();
      }
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.state = { ...this.state, q: this.input.value, page: 1 };
      this.run("push", false);
    });
    this.codeBox.addEventListener("change", () => {
      this.state = { ...this.state, code: this.codeBox.checked, page: 1 };
      this.run("push", false);
    });
    element.addEventListener("click", (event) => {
      const link = event.target.closest && event.target.closest("a[data-ps-state]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      this.state = readState(new URL(link.href));
      this.input.value = this.state.q;
      this.run("push", false);
      if (link.closest(".ps-pager")) this.input.scrollIntoView({ block: "nearest" });
    });
    window.addEventListener("popstate", () => {
      this.state = readState();
      this.input.value = this.state.q;
      this.run(null, false);
    });
    // Opening the search page is using search: load at once, and restore a shared query.
    this.run(null, false);
  }

  /** Runs the current state's query; `history` is "push", "replace" or null (URL unchanged). */
  run(history, typing) {
    const state = this.state;
    if (history) writeState(this.root, state, history);
    const ticket = ++this.latest;
    this.codeBox.checked = state.code;
    if (!state.q.trim()) {
      this.status.textContent = "Type to search the catalogue.";
      this.notice.hidden = true;
      this.client.start().catch((error) => {
        if (ticket === this.latest) this.status.textContent = unavailable(error);
      });
      this.show(null);
      return;
    }
    this.status.textContent = "Searching…";
    this.list.setAttribute("aria-busy", "true");
    this.client
      .search(state.q, {
        typing,
        facets: true,
        topic: state.topic,
        code: state.code,
        year: state.year,
        page: state.page,
        pageSize: PAGE_SIZE,
      })
      .then((answer) => {
        if (ticket === this.latest) this.show(answer);
      })
      .catch((error) => {
        if (ticket === this.latest) {
          this.status.textContent = unavailable(error);
          this.show(null);
        }
      })
      .finally(() => {
        if (ticket === this.latest) this.list.removeAttribute("aria-busy");
      });
  }

  show(answer) {
    clear(this.list);
    clear(this.pager);
    this.pager.hidden = true;
    if (!answer) {
      this.facets.hidden = true;
      this.selection.reset(-1);
      return;
    }
    this.status.textContent = summary(answer, this.state);
    const notes = notices(answer);
    this.notice.textContent = notes;
    this.notice.hidden = !notes;
    answer.results.forEach((found, position) => {
      this.list.appendChild(this.item(found, position));
    });
    this.list.start = (answer.page - 1) * answer.pageSize + 1;
    this.showPager(answer);
    this.showFacets(answer);
    this.selection.reset(-1);
  }

  item(found, position) {
    const item = element("li", "ps-result");
    item.id = `ps-result-${position}`;
    const link = element("a", "ps-result__link");
    link.href = new URL(found.url, this.root).href;
    link.appendChild(highlighted("span", "ps-result__title", found.title));
    item.appendChild(link);
    if (found.snippet.length) {
      item.appendChild(highlighted("p", "ps-result__snippet", found.snippet));
    }
    if (found.topics.length || found.hasCode) {
      const chips = element("p", "ps-result__chips");
      for (const topic of found.topics) {
        chips.appendChild(this.stateLink("ps-chip", topic.name, { topic: topic.slug, page: 1 }));
      }
      if (found.hasCode) chips.appendChild(element("span", "ps-chip ps-chip--code", "code"));
      item.appendChild(chips);
    }
    return item;
  }

  /** A link to this page in another state; clicks on it are handled here, without a reload. */
  stateLink(className, text, change) {
    const link = element("a", className, text);
    link.href = searchUrl(this.root, { ...this.state, ...change });
    link.setAttribute("data-ps-state", "");
    return link;
  }

  showPager(answer) {
    if (answer.pages <= 1) return;
    this.pager.hidden = false;
    const { page, pages } = answer;
    if (page > 1) {
      const previous = this.stateLink("md-button ps-pager__previous", "Previous", {
        page: page - 1,
      });
      previous.rel = "prev";
      this.pager.appendChild(previous);
    }
    this.pager.appendChild(element("span", "ps-pager__where", `Page ${page} of ${pages}`));
    if (page < pages) {
      const next = this.stateLink("md-button ps-pager__next", "Next", { page: page + 1 });
      next.rel = "next";
      this.pager.appendChild(next);
    }
  }

  showFacets(answer) {
    const counts = answer.facets;
    if (!counts) {
      this.facets.hidden = true;
      return;
    }
    const chosen = this.state.topic;
    const topics = counts.topics.slice();
    if (chosen && !topics.some((topic) => topic.slug === chosen)) {
      topics.unshift({ slug: chosen, name: chosen, count: 0 });
    }
    this.fillList(
      this.topicFacet,
      topics.length ? [["All topics", "", null, !chosen]] : [],
      topics.map((t) => [t.name, t.slug, t.count, t.slug === chosen]),
      "topic",
    );
    this.codeFacet.hidden = answer.total === 0;
    this.codeFacet.querySelector(".ps-facet__count").textContent = `(${counts.code})`;
    const year = this.state.year;
    this.fillList(
      this.yearFacet,
      counts.years.length ? [["All years", "", null, !year]] : [],
      counts.years.map((y) => [String(y.year), String(y.year), y.count, String(y.year) === year]),
      "year",
    );
    this.facets.hidden = this.topicFacet.hidden && this.codeFacet.hidden && this.yearFacet.hidden;
  }

  fillList(facet, head, entries, key) {
    const list = facet.querySelector("ul");
    clear(list);
    for (const [name, value, count, current] of head.concat(entries)) {
      const item = element("li", "ps-facet__item");
      const link = this.stateLink("ps-facet__link", name, { [key]: value, page: 1 });
      if (current) link.setAttribute("aria-current", "true");
      item.appendChild(link);
      if (count !== null) item.appendChild(element("span", "ps-facet__count", String(count)));
      list.appendChild(item);
    }
    facet.hidden = !entries.length;
  }
}

function readState(url = new URL(window.location.href)) {
  const params = url.searchParams;
  return {
    q: params.get("q") || "",
    topic: params.get("topic") || "",
    code: params.get("code") === "1",
    year: params.get("year") || "",
    page: Math.max(1, Number.parseInt(params.get("page") || "1", 10) || 1),
  };
}

function writeState(root, state, how) {
  const url = searchUrl(root, state);
  if (url === window.location.href) return;
  if (how === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

/** The search page's address for a state, as readState() reads it back. */
function searchUrl(root, state) {
  const url = new URL("search/", root);
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.topic) params.set("topic", state.topic);
  if (state.code) params.set("code", "1");
  if (state.year) params.set("year", state.year);
  if (state.page && state.page > 1) params.set("page", String(state.page));
  url.search = params.toString();
  return url.href;
}

/* Shared pieces */

/** Arrow keys move a highlighted result while the cursor stays in the box; Enter opens it. */
class Selection {
  constructor(input, list) {
    this.input = input;
    this.list = list;
    this.active = -1;
  }

  items() {
    return this.list.querySelectorAll(":scope > li");
  }

  reset(active) {
    this.active = -1;
    this.select(active);
  }

  select(active) {
    const items = this.items();
    this.active = items.length ? Math.max(-1, Math.min(active, items.length - 1)) : -1;
    // Header results are listbox options; the search page's are a plain list of links.
    const options = items.length > 0 && items[0].getAttribute("role") === "option";
    items.forEach((item, i) => {
      const selected = i === this.active ? "true" : "false";
      item.setAttribute(options ? "aria-selected" : "data-ps-selected", selected);
    });
    if (this.active >= 0) {
      if (options) this.input.setAttribute("aria-activedescendant", items[this.active].id);
      items[this.active].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  move(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return false;
    if (!this.items().length) return false;
    this.select(this.active + (event.key === "ArrowDown" ? 1 : -1));
    return true;
  }

  open() {
    const item = this.items()[this.active];
    const link = item && item.querySelector("a[href]");
    if (!link) return false;
    window.location.href = link.href;
    return true;
  }
}

/** One line on what was found: the count, with the filters, for the words searched. */
export function summary(answer, filters) {
  const count = answer.matched;
  const papers = count === 1 ? "1 paper" : `${count.toLocaleString("en")} papers`;
  let where = "";
  if (filters.topic) {
    const topic = answer.facets && answer.facets.topics.find((t) => t.slug === filters.topic);
    where += ` in ${topic ? topic.name : filters.topic}`;
  }
  if (filters.code) where += " with code";
  if (filters.year) where += ` from ${filters.year}`;
  const read = answer.shownAs ? `Showing results for “${answer.shownAs}”: ` : "";
  if (answer.missing.length) {
    const words = answer.missing.map((word) => `“${word}”`).join(", ");
    return `No paper has ${words}, and no close word either.`;
  }
  if (!count) return `${read}No paper${where} matches.`;
  const verb = count === 1 ? "matches" : "match";
  const paging =
    filters.paging !== false && answer.pages > 1 ? `; page ${answer.page} of ${answer.pages}` : "";
  return `${read}${papers}${where} ${verb}${paging}.`;
}

/** What else the reader should know: a query that did not parse, words left out. */
export function notices(answer) {
  const notes = [];
  if (answer.error) notes.push(`Could not read the query (${answer.error}); searched its words.`);
  if (answer.dropped.length) {
    const words = answer.dropped.map((word) => `“${word}”`).join(", ");
    notes.push(`Left out as too common to search for: ${words}.`);
  }
  return notes.join(" ");
}

function unavailable(error) {
  return `Search is unavailable: ${(error && error.message) || String(error)}`;
}

/** An element holding text runs, the matched words inside <mark>, all set as text. */
function highlighted(tag, className, runs) {
  const node = element(tag, className);
  for (const [text, marked] of runs) {
    node.appendChild(marked ? element("mark", null, text) : document.createTextNode(text));
  }
  return node;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function isEditable(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

/* Start */

const box = document.querySelector("[data-ps-search-root]");
if (box) {
  // The site root, from MkDocs' base_url relative to this page: right under any sub-path.
  const root = new URL(box.getAttribute("data-ps-search-root"), document.baseURI);
  const client = new SearchClient(root);
  const pageElement = document.querySelector("[data-ps-search-page]");
  const searchPage = pageElement ? new SearchPage(pageElement, client, root) : null;
  const headerBox = new HeaderBox(box, client, root);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isEditable(event.target)) return;
    event.preventDefault();
    (searchPage ? searchPage.input : headerBox.input).focus();
  });
}
