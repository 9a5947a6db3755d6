/*
 * Papershelf's search worker: loads lunr.js, the prebuilt index and what search needs of every
 * paper, then answers queries, so that building the index and searching never block the page.
 * What a result shows comes in chunks (search/docs/<n>.json), fetched for the results shown.
 *
 * Messages in:  {type: "init", lunr, index, docs}   absolute URLs of the three files
 *               {type: "query", id, q, topic, code, limit}
 * Messages out: {type: "ready", topics, hasCode, count}
 *               {type: "failed", message}
 *               {type: "results", id, ...}   see answer()
 *
 * Results carry text only, split into [text, highlighted] runs; the page builds the DOM.
 */
"use strict";

var DOCS_FORMAT = 2;
var FUZZY_MIN_LENGTH = 3; // one typo in a one- or two-letter word matches nearly everything

var index = null;
var docs = null; // {build, count, chunkSize, chunkUrl, column, topics, paperTopics, code}
var chunks = {}; // chunk number -> Promise of its rows
var ready = null;

self.onmessage = function (event) {
  var message = event.data;
  if (message.type === "init") {
    ready = ready || init(message);
  } else if (message.type === "query" && ready) {
    ready.then(function () {
      if (!index) {
        self.postMessage(failure("search data did not load", message.id));
        return;
      }
      Promise.resolve()
        .then(function () {
          return answer(message);
        })
        .then(
          function (response) {
            self.postMessage(response);
          },
          function (error) {
            self.postMessage(failure(String((error && error.message) || error), message.id));
          },
        );
    });
  }
};

function init(message) {
  return Promise.resolve()
    .then(function () {
      importScripts(message.lunr, "search-index.js");
      return Promise.all([fetchJson(message.index), fetchJson(message.docs)]);
    })
    .then(function (loaded) {
      docs = prepare(loaded[1], message.docs);
      index = lunr.Index.load(expandIndex(loaded[0]));
      self.postMessage({
        type: "ready",
        topics: docs.topics,
        hasCode: docs.code !== null,
        count: docs.count,
      });
    })
    .catch(function (error) {
      index = null;
      self.postMessage(failure(String((error && error.message) || error)));
    });
}

function failure(message, id) {
  return { type: "failed", id: id === undefined ? null : id, message: message };
}

function fetchJson(url) {
  // Revalidate: the index and the data must come from the same build.
  return fetch(url, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  });
}

function prepare(data, url) {
  if (data.format !== DOCS_FORMAT) throw new Error("unknown search data format " + data.format);
  var column = {};
  data.columns.forEach(function (name, position) {
    column[name] = position;
  });
  var topics = data.topics.map(function (topic) {
    return { slug: topic[0], name: topic[1], url: topic[2] };
  });
  return {
    build: data.build,
    count: data.count,
    chunkSize: data.chunk_size,
    // docs.json's chunks are in the folder docs/ beside it.
    chunkUrl: function (number) {
      return new URL("docs/" + number + ".json", url).href;
    },
    column: column,
    topics: topics,
    paperTopics: data.paper_topics,
    code: data.code || null,
  };
}

// The rows of the given refs, by ref, fetching the chunks that hold them once.
function rowsOf(refs) {
  var needed = {};
  refs.forEach(function (ref) {
    needed[Math.floor(ref / docs.chunkSize)] = true;
  });
  var numbers = Object.keys(needed).map(Number);
  return Promise.all(numbers.map(chunk)).then(function () {
    return Promise.all(
      refs.map(function (ref) {
        return chunks[Math.floor(ref / docs.chunkSize)].then(function (rows) {
          return rows[ref % docs.chunkSize];
        });
      }),
    );
  });
}

function chunk(number) {
  if (!chunks[number]) {
    chunks[number] = fetchJson(docs.chunkUrl(number)).then(
      function (data) {
        if (data.format !== DOCS_FORMAT || data.build !== docs.build) {
          throw new Error("the site has changed since this page loaded; reload the page");
        }
        return data.docs;
      },
      function (error) {
        delete chunks[number]; // a later query tries again
        throw error;
      },
    );
  }
  return chunks[number];
}

/* Searching */

// Runs the query as typed; when it finds nothing, runs a lenient form of it. A query that does
// not parse is reported, and its plain words are searched instead.
function run(q) {
  if (!q.trim()) return { hits: [], mode: "empty" };
  try {
    var hits = index.search(q);
    if (hits.length) return { hits: hits, mode: "exact" };
    return { hits: lenient(q), mode: "lenient" };
  } catch (error) {
    if (!(error instanceof lunr.QueryParseError)) throw error;
    return { hits: plainWords(q), mode: "words", error: error.message };
  }
}

// Each plain word may be one typo off, and the last one may be the start of a longer word.
function lenient(q) {
  var presence = lunr.Query.presence;
  return index.query(function (query) {
    new lunr.QueryParser(q, query).parse();
    var plain = query.clauses.filter(function (clause) {
      return (
        clause.presence !== presence.PROHIBITED &&
        !clause.editDistance &&
        clause.term.indexOf("*") === -1
      );
    });
    plain.forEach(function (clause) {
      if (clause.term.length >= FUZZY_MIN_LENGTH) clause.editDistance = 1;
    });
    var last = plain[plain.length - 1];
    if (last && last.presence === presence.OPTIONAL && /\S$/.test(q)) {
      query.term(last.term, {
        fields: last.fields,
        boost: last.boost,
        usePipeline: false,
        wildcard: lunr.Query.wildcard.TRAILING,
      });
    }
  });
}

function plainWords(q) {
  var words = lunr.tokenizer(q).filter(function (token) {
    return /[\p{L}\p{N}]/u.test(token.toString());
  });
  if (!words.length) return [];
  return index.query(function (query) {
    query.term(words);
  });
}

/* Answers */

function answer(message) {
  var outcome = run(String(message.q || ""));
  var topic = topicNumber(message.topic);
  var code = docs.code;
  var wantCode = Boolean(message.code) && code !== null;
  var inTopic = function (ref) {
    return topic === null || docs.paperTopics[ref].indexOf(topic) !== -1;
  };
  var withCode = function (ref) {
    return !wantCode || code[ref] === 1;
  };

  // Each facet counts the hits that the other filters let through, so that its counts say
  // what choosing it would show.
  var topicCounts = {};
  var codeCount = 0;
  var shown = [];
  outcome.hits.forEach(function (hit) {
    var ref = Number(hit.ref);
    if (withCode(ref)) {
      docs.paperTopics[ref].forEach(function (number) {
        topicCounts[number] = (topicCounts[number] || 0) + 1;
      });
    }
    if (inTopic(ref) && code !== null && code[ref] === 1) codeCount += 1;
    if (inTopic(ref) && withCode(ref)) shown.push(hit);
  });

  var limit = Math.max(1, Number(message.limit) || 10);
  var page = shown.slice(0, limit);
  var refs = page.map(function (hit) {
    return Number(hit.ref);
  });
  return rowsOf(refs).then(function (rows) {
    return reply(message, outcome, shown.length, topicCounts, codeCount, page, rows);
  });
}

function reply(message, outcome, matched, topicCounts, codeCount, page, rows) {
  return {
    type: "results",
    id: message.id,
    q: message.q,
    mode: outcome.mode,
    error: outcome.error || null,
    total: outcome.hits.length,
    matched: matched,
    results: page.map(function (hit, position) {
      return result(hit, rows[position]);
    }),
    topicCounts: Object.keys(topicCounts)
      .map(function (number) {
        var known = docs.topics[Number(number)];
        return { slug: known.slug, name: known.name, count: topicCounts[number] };
      })
      .sort(function (a, b) {
        return b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      }),
    codeCount: docs.code !== null ? codeCount : null,
  };
}

function topicNumber(slug) {
  if (!slug) return null;
  for (var number = 0; number < docs.topics.length; number++) {
    if (docs.topics[number].slug === slug) return number;
  }
  return -1; // an unknown topic matches nothing, rather than silently everything
}

function result(hit, row) {
  var column = docs.column;
  var ref = Number(hit.ref);
  var terms = Object.keys(hit.matchData.metadata);
  return {
    url: row[column.url],
    title: runs(row[column.title], terms),
    shortName: row[column.short_name],
    snippet: runs(row[column.snippet], terms),
    topics: docs.paperTopics[ref].map(function (number) {
      return docs.topics[number];
    }),
    hasCode: docs.code !== null ? docs.code[ref] === 1 : null,
  };
}

// Splits text into [text, highlighted] runs: a word is highlighted when it becomes one of the
// matched index terms on the way through the index's pipeline (lower case, trim, stem).
function runs(text, terms) {
  var wanted = {};
  terms.forEach(function (term) {
    wanted[term] = true;
  });
  var out = [];
  var push = function (part, marked) {
    if (!part) return;
    var last = out[out.length - 1];
    if (last && last[1] === marked) last[0] += part;
    else out.push([part, marked]);
  };
  text.split(/([\s\-]+)/).forEach(function (piece) {
    var parts = /^([^\p{L}\p{N}_]*)(.*?)([^\p{L}\p{N}_]*)$/su.exec(piece);
    var core = parts[2];
    var hit = core && (wanted[stem(core)] || wanted[stem(piece)]);
    if (hit) {
      push(parts[1], false);
      push(core, true);
      push(parts[3], false);
    } else {
      push(piece, false);
    }
  });
  return out;
}

function stem(word) {
  return lunr.stemmer(new lunr.Token(word.toLowerCase())).toString();
}
