/*
 * Papershelf's search in the page: the header's search box on every page, and the search
 * page. Nothing is fetched until search is first used (the box gets focus, or `/` is
 * pressed); then a Web Worker (search-worker.js) loads lunr.js, the prebuilt index and the
 * result data, and answers queries. Corpus text is only ever set with textContent.
 */
(function () {
  "use strict";

  var HEADER_LIMIT = 8;
  var PAGE_SIZE = 50;

  var box = document.querySelector("[data-ps-search-root]");
  if (!box) return;
  // The site root, from MkDocs' base_url relative to this page: right under any sub-path.
  var root = new URL(box.getAttribute("data-ps-search-root"), document.baseURI);

  /* The worker client */

  function SearchClient(siteRoot) {
    this.root = siteRoot;
    this.worker = null;
    this.ready = null;
    this.waiting = {};
    this.nextId = 1;
  }

  // Starts the worker once; resolves with {topics, hasCode, count} when the index is loaded.
  SearchClient.prototype.start = function () {
    if (this.ready) return this.ready;
    var client = this;
    this.ready = new Promise(function (resolve, reject) {
      var worker;
      try {
        worker = new Worker(new URL("assets/javascripts/search-worker.js", client.root));
      } catch (error) {
        reject(error);
        return;
      }
      client.worker = worker;
      worker.onmessage = function (event) {
        var message = event.data;
        if (message.type === "ready") {
          resolve(message);
        } else if (message.id && client.waiting[message.id]) {
          var done = client.waiting[message.id];
          delete client.waiting[message.id];
          done(message);
        } else if (message.type === "failed") {
          reject(new Error(message.message));
        }
      };
      worker.onerror = function (event) {
        event.preventDefault();
        reject(new Error(event.message || "the search script did not load"));
      };
      worker.postMessage({
        type: "init",
        lunr: new URL("search/lunr.js", client.root).href,
        index: new URL("search/index.json", client.root).href,
        docs: new URL("search/docs.json", client.root).href,
      });
    });
    return this.ready;
  };

  // Resolves with the worker's answer: {type: "results", ...} or {type: "failed", message}.
  SearchClient.prototype.search = function (params) {
    var client = this;
    return this.start().then(function () {
      return new Promise(function (resolve) {
        var id = client.nextId++;
        client.waiting[id] = resolve;
        client.worker.postMessage({
          type: "query",
          id: id,
          q: params.q,
          topic: params.topic || "",
          code: Boolean(params.code),
          limit: params.limit,
        });
      });
    });
  };

  /* The header's search box */

  function HeaderBox(element, searchClient, siteRoot) {
    var self = this;
    this.client = searchClient;
    this.root = siteRoot;
    this.toggle = document.getElementById("__search");
    this.form = element.querySelector("form");
    this.input = element.querySelector(".md-search__input");
    this.meta = element.querySelector(".md-search-result__meta");
    this.list = element.querySelector(".md-search-result__list");
    this.all = element.querySelector(".ps-search__all");
    this.selection = new Selection(this.input, this.list);
    this.latest = 0;

    this.input.addEventListener("focus", function () {
      self.open();
    });
    this.input.addEventListener("input", function () {
      self.update();
    });
    this.input.addEventListener("keydown", function (event) {
      self.keydown(event);
    });
    this.form.addEventListener("reset", function () {
      setTimeout(function () {
        self.update();
        self.input.focus();
      });
    });
    // Close the overlay when focus moves on out of it (tabbing on into the nav), so that it
    // does not dim a page the reader has moved to.
    element.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (next instanceof Node && !element.contains(next)) self.close();
    });
    if (this.toggle) {
      // The theme's header button and overlay flip this checkbox, as for its own search.
      this.toggle.addEventListener("change", function () {
        if (self.toggle.checked) self.input.focus();
        else self.close();
      });
    }
  }

  HeaderBox.prototype.open = function () {
    var self = this;
    if (this.toggle && !this.toggle.checked) this.toggle.checked = true;
    this.input.setAttribute("aria-expanded", "true");
    this.client.start().then(
      function () {
        if (!self.input.value.trim()) self.meta.textContent = "Type to search the papers";
      },
      function (error) {
        self.meta.textContent = unavailable(error);
      },
    );
    if (this.input.value.trim()) this.update();
    else this.meta.textContent = "Loading the search index…";
  };

  HeaderBox.prototype.close = function () {
    if (this.toggle) this.toggle.checked = false;
    this.input.setAttribute("aria-expanded", "false");
    this.input.blur();
  };

  HeaderBox.prototype.update = function () {
    var self = this;
    var q = this.input.value;
    var ticket = ++this.latest;
    if (!q.trim()) {
      this.show(null, q);
      return;
    }
    this.client
      .search({ q: q, limit: HEADER_LIMIT })
      .then(function (answer) {
        if (ticket === self.latest) self.show(answer, q);
      })
      .catch(function (error) {
        if (ticket === self.latest) self.meta.textContent = unavailable(error);
      });
  };

  HeaderBox.prototype.show = function (answer, q) {
    var self = this;
    clear(this.list);
    this.all.hidden = true;
    if (!answer) {
      this.meta.textContent = "Type to search the papers";
      this.selection.reset(-1);
      return;
    }
    if (answer.type === "failed") {
      this.meta.textContent = unavailable(answer);
      this.selection.reset(-1);
      return;
    }
    this.meta.textContent = summary(answer, q);
    answer.results.forEach(function (found, position) {
      self.list.appendChild(headerItem(found, position, self.root));
    });
    if (answer.matched > answer.results.length) {
      this.all.hidden = false;
      this.all.textContent = "All " + answer.matched + " results, with filters";
      this.all.href = searchUrl({ q: q });
    }
    // Enter opens the first result unless the arrows chose another, as in the theme's search.
    this.selection.reset(answer.results.length ? 0 : -1);
  };

  HeaderBox.prototype.keydown = function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      this.close();
    } else if (this.selection.move(event)) {
      event.preventDefault();
    } else if (event.key === "Enter" && this.selection.open()) {
      event.preventDefault();
    }
  };

  function headerItem(found, position, siteRoot) {
    var item = element("li", "md-search-result__item");
    item.id = "ps-search-result-" + position;
    item.setAttribute("role", "option");
    var link = element("a", "md-search-result__link");
    link.href = new URL(found.url, siteRoot).href;
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(highlighted("h1", null, found.title));
    if (found.snippet.length) {
      article.appendChild(highlighted("p", "md-search-result__teaser", found.snippet));
    }
    var chips = topicChips(found, null);
    if (chips) article.appendChild(chips);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  /* The search page */

  function SearchPage(element, searchClient, siteRoot) {
    var self = this;
    this.client = searchClient;
    this.root = siteRoot;
    this.form = element.querySelector("form");
    this.input = element.querySelector(".ps-search-page__input");
    this.status = element.querySelector(".ps-search-page__status");
    this.facets = element.querySelector(".ps-facets");
    this.topicFacet = element.querySelector('[data-ps-facet="topic"]');
    this.codeFacet = element.querySelector('[data-ps-facet="code"]');
    this.codeBox = this.codeFacet.querySelector("input");
    this.list = element.querySelector(".ps-results");
    this.more = element.querySelector(".ps-more");
    this.selection = new Selection(this.input, this.list);
    this.latest = 0;
    this.state = readState();
    this.input.value = this.state.q;

    this.input.addEventListener("input", function () {
      self.state.q = self.input.value;
      self.state.limit = PAGE_SIZE;
      self.run("replace");
    });
    this.input.addEventListener("keydown", function (event) {
      if (self.selection.move(event)) {
        event.preventDefault();
      } else if (event.key === "Enter" && self.selection.active >= 0) {
        event.preventDefault();
        self.selection.open();
      }
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.state.q = self.input.value;
      self.run("push");
    });
    this.codeBox.addEventListener("change", function () {
      self.state.code = self.codeBox.checked;
      self.run("push");
    });
    this.more.addEventListener("click", function () {
      self.state.limit += PAGE_SIZE;
      self.run(null);
    });
    element.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-ps-topic]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      self.state.topic = link.getAttribute("data-ps-topic");
      self.state.limit = PAGE_SIZE;
      self.run("push");
    });
    window.addEventListener("popstate", function () {
      self.state = readState();
      self.input.value = self.state.q;
      self.run(null);
    });
    // Opening the search page is using search: load at once, and restore a shared query.
    this.run(null);
  }

  // Runs the current state's query; `history` is "push", "replace" or null (URL unchanged).
  SearchPage.prototype.run = function (history) {
    var self = this;
    var state = this.state;
    if (history) writeState(state, history);
    var ticket = ++this.latest;
    this.codeBox.checked = state.code;
    if (!state.q.trim()) {
      this.status.textContent = "Type to search the catalogue.";
      this.client.start().catch(function (error) {
        if (ticket === self.latest) self.status.textContent = unavailable(error);
      });
      this.show(null);
      return;
    }
    this.status.textContent = "Searching…";
    this.client
      .search({ q: state.q, topic: state.topic, code: state.code, limit: state.limit })
      .then(function (answer) {
        if (ticket === self.latest) self.show(answer);
      })
      .catch(function (error) {
        if (ticket === self.latest) self.status.textContent = unavailable(error);
      });
  };

  SearchPage.prototype.show = function (answer) {
    var self = this;
    clear(this.list);
    this.more.hidden = true;
    if (!answer || answer.type === "failed") {
      if (answer) this.status.textContent = unavailable(answer);
      this.facets.hidden = true;
      this.selection.reset(-1);
      return;
    }
    this.status.textContent = summary(answer, this.state.q, this.state);
    answer.results.forEach(function (found, position) {
      self.list.appendChild(pageItem(found, position, self));
    });
    this.more.hidden = answer.matched <= answer.results.length;
    this.showFacets(answer);
    this.selection.reset(-1);
  };

  SearchPage.prototype.showFacets = function (answer) {
    var self = this;
    var list = this.topicFacet.querySelector("ul");
    clear(list);
    var topics = answer.topicCounts.slice();
    var chosen = this.state.topic;
    if (chosen && !topics.some(function (t) { return t.slug === chosen; })) {
      topics.unshift({ slug: chosen, name: chosen, count: 0 });
    }
    if (topics.length) {
      list.appendChild(this.facetItem("All topics", "", null, !chosen));
      topics.forEach(function (topic) {
        list.appendChild(self.facetItem(topic.name, topic.slug, topic.count, topic.slug === chosen));
      });
    }
    this.topicFacet.hidden = !topics.length;
    var withCode = answer.codeCount !== null;
    this.codeFacet.hidden = !withCode;
    if (withCode) {
      this.codeFacet.querySelector(".ps-facet__count").textContent = "(" + answer.codeCount + ")";
    }
    this.facets.hidden = this.topicFacet.hidden && this.codeFacet.hidden;
  };

  SearchPage.prototype.facetItem = function (name, slug, count, current) {
    var item = element("li", "ps-facet__item");
    var link = element("a", "ps-facet__link", name);
    link.href = searchUrl({ q: this.state.q, topic: slug, code: this.state.code });
    link.setAttribute("data-ps-topic", slug);
    if (current) link.setAttribute("aria-current", "true");
    item.appendChild(link);
    if (count !== null) item.appendChild(element("span", "ps-facet__count", String(count)));
    return item;
  };

  function pageItem(found, position, page) {
    var item = element("li", "ps-result");
    item.id = "ps-result-" + position;
    var link = element("a", "ps-result__link");
    link.href = new URL(found.url, page.root).href;
    link.appendChild(highlighted("span", "ps-result__title", found.title));
    item.appendChild(link);
    if (found.snippet.length) {
      item.appendChild(highlighted("p", "ps-result__snippet", found.snippet));
    }
    var chips = topicChips(found, page);
    if (chips) item.appendChild(chips);
    return item;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    return {
      q: params.get("q") || "",
      topic: params.get("topic") || "",
      code: params.get("code") === "1",
      limit: PAGE_SIZE,
    };
  }

  function writeState(state, how) {
    var url = searchUrl(state);
    if (url === window.location.href) return;
    if (how === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  /* Shared pieces */

  // Arrow keys move a highlighted result while the cursor stays in the box; Enter opens it.
  function Selection(input, list) {
    this.input = input;
    this.list = list;
    this.active = -1;
  }

  Selection.prototype.items = function () {
    return this.list.querySelectorAll(":scope > li");
  };

  Selection.prototype.reset = function (active) {
    this.active = -1;
    this.select(active);
  };

  Selection.prototype.select = function (active) {
    var items = this.items();
    this.active = items.length ? Math.max(-1, Math.min(active, items.length - 1)) : -1;
    // Header results are listbox options; the search page's are a plain list of links.
    var options = items.length > 0 && items[0].getAttribute("role") === "option";
    for (var i = 0; i < items.length; i++) {
      var selected = i === this.active ? "true" : "false";
      if (options) items[i].setAttribute("aria-selected", selected);
      else items[i].setAttribute("data-ps-selected", selected);
    }
    if (this.active >= 0) {
      if (options) this.input.setAttribute("aria-activedescendant", items[this.active].id);
      items[this.active].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Selection.prototype.move = function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return false;
    if (!this.items().length) return false;
    this.select(this.active + (event.key === "ArrowDown" ? 1 : -1));
    return true;
  };

  Selection.prototype.open = function () {
    var item = this.items()[this.active];
    var link = item && item.querySelector("a[href]");
    if (!link) return false;
    window.location.href = link.href;
    return true;
  };

  function summary(answer, q, filters) {
    var count = answer.matched;
    var papers = count === 1 ? "1 paper" : count + " papers";
    var where = "";
    if (filters && filters.topic) {
      var topic = answer.topicCounts.filter(function (t) {
        return t.slug === filters.topic;
      })[0];
      where += " in " + (topic ? topic.name : filters.topic);
    }
    if (filters && filters.code && answer.codeCount !== null) where += " with code";
    var quoted = "“" + q.trim() + "”";
    if (answer.mode === "words") {
      var problem = "Could not read the query: " + answer.error + ". ";
      if (!count) return problem + "No paper" + where + " has its words.";
      return problem + papers + where + (count === 1 ? " has" : " have") + " its words.";
    }
    if (!count) return "No paper" + where + " matches " + quoted + ".";
    var verb = count === 1 ? " matches" : " match";
    if (answer.mode === "lenient") {
      return "No exact match for " + quoted + "; " + papers + where + verb + " closely.";
    }
    return papers + where + verb + ".";
  }

  function unavailable(error) {
    return "Search is unavailable: " + ((error && error.message) || String(error));
  }

  // The search page's address for a state, as the page reads it back with readState().
  function searchUrl(state) {
    var url = new URL("search/", root);
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.topic) params.set("topic", state.topic);
    if (state.code) params.set("code", "1");
    url.search = params.toString();
    url.hash = "";
    return url.href;
  }

  function topicChips(found, page) {
    if (!found.topics.length && !found.hasCode) return null;
    var chips = element("p", "ps-result__chips");
    found.topics.forEach(function (topic) {
      var chip;
      if (page) {
        chip = element("a", "ps-chip", topic.name);
        chip.href = searchUrl({ q: page.state.q, topic: topic.slug, code: page.state.code });
        chip.setAttribute("data-ps-topic", topic.slug);
      } else {
        chip = element("span", "ps-chip", topic.name);
      }
      chips.appendChild(chip);
    });
    if (found.hasCode) chips.appendChild(element("span", "ps-chip ps-chip--code", "code"));
    return chips;
  }

  // An element holding text runs, the matched words inside <mark>, all set as text.
  function highlighted(tag, className, runs) {
    var node = element(tag, className);
    runs.forEach(function (run) {
      node.appendChild(run[1] ? element("mark", null, run[0]) : document.createTextNode(run[0]));
    });
    return node;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function isEditable(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  /* Start, once every method above is defined */

  var client = new SearchClient(root);
  var pageElement = document.querySelector("[data-ps-search-page]");
  var searchPage = pageElement ? new SearchPage(pageElement, client, root) : null;
  var headerBox = new HeaderBox(box, client, root);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isEditable(event.target)) return;
    event.preventDefault();
    (searchPage ? searchPage.input : headerBox.input).focus();
  });
})();
