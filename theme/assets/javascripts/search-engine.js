/*
 * Search over the sharded index: reads a query with lunr.js's query parser, fetches the shards
 * of its terms only, and scores each paper as lunr.js scores it against a whole index (the sum
 * over fields of the query vector's dot product with the paper's field vector, over the query
 * vector's length), which needs only the postings of the query's terms.
 *
 * Unlike lunr, a plain word must be there (every word of the query, after stemming), a word
 * that matches nothing is read as the nearest word that does (a typo), and a "quoted phrase"
 * must appear as written (its words in order, in one field).
 */

import { SEPARATOR, correction, editDistance, highlightRuns, termMaker } from "./search-words.js";
import { dictionaryKey } from "./search-data.js";

export const PAGE_SIZE = 50;
const MAX_EXPANSIONS = 100; // terms a wildcard, an explicit ~n or a prefix may stand for
const TYPING_COMPLETIONS = 8; // terms the word being typed may be the start of

/**
 * A query read into lunr clauses and phrases.
 * @returns {{clauses: object[], phrases: {words: string[], terms: (string|null)[]}[],
 *   error: string|null}}
 */
export function parseQuery(lunr, fields, q) {
  const { rest: words, authors } = authorClauses(q);
  q = words;
  const phrases = [];
  // A phrase opens with a quote at the start of a word, and ends at the next quote or the end.
  const rest = q.replace(/(^|\s)"([^"]*)"?/g, (_, space, text) => {
    const words = text.split(SEPARATOR).filter(Boolean);
    if (words.length) phrases.push({ words });
    return " ";
  });
  const query = new lunr.Query(fields);
  let error = null;
  try {
    new lunr.QueryParser(rest, query).parse();
  } catch (problem) {
    if (!(problem instanceof lunr.QueryParseError)) throw problem;
    error = problem.message;
    // Read its plain words instead, each required.
    query.clauses = [];
    for (const word of rest.split(/[\s*:^~+-]+/)) {
      if (/[\p{L}\p{N}]/u.test(word)) query.term(word, { presence: lunr.Query.presence.REQUIRED });
    }
  }
  return { clauses: query.clauses, phrases, error, authors };
}

/**
 * The `author:"Name"` and `author:Name` clauses of a query (any case of "author"), and the
 * query without them. A name in quotes may hold spaces; without quotes, it is one word.
 */
export function authorClauses(q) {
  const authors = [];
  const rest = q.replace(/(^|\s)author:(?:"([^"]*)"?|(\S+))/giu, (_, space, quoted, word) => {
    const name = (quoted ?? word).trim();
    if (name) authors.push(name);
    return " ";
  });
  return { rest, authors };
}

export class SearchEngine {
  /**
   * @param {object} lunr lunr.js
   * @param {import("./search-data.js").SearchData} data
   */
  constructor(lunr, data) {
    this.lunr = lunr;
    this.data = data;
    this.termOf = termMaker(lunr);
  }

  /**
   * Runs a query. Options: typing (the last word may be the start of a longer one), facets
   * (count topics, code and years), topic, code, year (filters), page (from 1), pageSize.
   */
  async search(q, options = {}) {
    const meta = await this.data.meta();
    const fieldNames = meta.fields.map((field) => field.name);
    const parsed = parseQuery(this.lunr, fieldNames, q);
    const read = await this.readClauses(parsed, q, Boolean(options.typing));
    let hits = await this.score(meta, read);
    if (parsed.authors.length) hits = await this.byAuthors(parsed, read, hits);
    const matches = await this.withPhrases(meta, read, hits);
    return this.answer(meta, q, parsed, read, matches, options);
  }

  /** Each clause with the index terms it stands for, and what was read differently. */
  async readClauses(parsed, q, typing) {
    const { presence } = this.lunr.Query;
    const clauses = parsed.clauses.map((clause) => ({ ...clause }));
    for (const phrase of parsed.phrases) {
      phrase.terms = phrase.words.map((word) => this.termOf(word));
      for (const term of phrase.terms) {
        if (term) {
          clauses.push({
            term,
            fields: null,
            presence: presence.REQUIRED,
            boost: 1,
            usePipeline: false,
            phrase: true,
          });
        }
      }
    }
    const corrections = [];
    const missing = [];
    const dropped = [];
    const last = clauses.findLast((clause) => !clause.phrase);
    const typingLast = typing && /[^\s"]$/.test(q) && !parsed.phrases.length;
    await Promise.all(
      clauses.map(async (clause) => {
        clause.required = clause.presence !== presence.PROHIBITED;
        clause.terms = await this.expand(clause, typingLast && clause === last);
        if (clause.terms === null) {
          dropped.push(clause.term);
          clause.terms = [];
          clause.required = false;
          clause.ignored = true;
        } else if (!clause.terms.length && clause.presence !== presence.PROHIBITED) {
          const fixed = await this.correct(clause);
          if (fixed) {
            corrections.push({ from: clause.term, to: fixed.word });
            clause.terms = [fixed.term];
            clause.shownAs = fixed.word;
          } else {
            missing.push(clause.term);
          }
        }
      }),
    );
    // lunr's clauses are optional unless marked; here a plain word must be there too.
    for (const clause of clauses) {
      if (clause.presence === presence.OPTIONAL && !clause.ignored) {
        clause.presence = presence.REQUIRED;
      }
    }
    return { clauses, corrections, missing, dropped, phrases: parsed.phrases };
  }

  /** The index terms a clause stands for; null when its word is a stop word. */
  async expand(clause, typing) {
    const { wildcard } = this.lunr.Query;
    if (clause.term.includes("*")) return this.matching(clause.term);
    if (clause.editDistance) return this.near(clause.term, clause.editDistance);
    const term = clause.usePipeline === false ? clause.term : this.termOf(clause.term);
    if (term === null) return null;
    const found = (await this.data.postings(term)) ? [term] : [];
    if (!typing || clause.wildcard !== wildcard.NONE) return found;
    if (found.length) return found;
    // The word being typed: itself, and the words it is the start of that most papers hold.
    const { terms, counts } = await this.data.dictionary(dictionaryKey(clause.term));
    const prefix = clause.term.toLowerCase();
    const longer = [];
    for (
      let i = lowerBound(terms, prefix);
      i < terms.length && terms[i].startsWith(prefix);
      i += 1
    ) {
      if (terms[i] !== term) longer.push(i);
    }
    longer.sort((a, b) => counts[b] - counts[a] || a - b);
    return found.concat(longer.slice(0, TYPING_COMPLETIONS).map((i) => terms[i]));
  }

  /** Terms matching a lunr wildcard pattern (`*` for any characters), most papers first. A
   * word before a final `*` also matches by its stem (`distill*` finds "distil", the stem of
   * "distillation"). */
  async matching(pattern) {
    const parts = pattern.split("*").map(escapeRegExp);
    let source = `^${parts.join(".*")}$`;
    const head = pattern.slice(0, -1);
    if (/^[^*]+\*$/.test(pattern)) {
      const stem = this.termOf(head);
      if (stem && stem !== head) source = `^(?:${parts.join(".*")}|${escapeRegExp(stem)}.*)$`;
    }
    const regex = new RegExp(source, "u");
    const dictionaries = pattern.startsWith("*")
      ? await this.data.dictionaries()
      : [await this.data.dictionary(dictionaryKey(pattern))];
    const found = [];
    for (const { terms, counts } of dictionaries) {
      terms.forEach((term, i) => {
        if (regex.test(term)) found.push([term, counts[i]]);
      });
    }
    return mostHeld(found);
  }

  /** Terms within `edits` edits of a word (lunr's `word~1`), most papers first. */
  async near(word, edits) {
    const { terms, counts } = await this.data.dictionary(dictionaryKey(word));
    const found = [];
    terms.forEach((term, i) => {
      if (editDistance(word, term, edits) <= edits) found.push([term, counts[i]]);
    });
    return mostHeld(found);
  }

  /** The word a clause's word most likely stands for, or null. */
  async correct(clause) {
    if (clause.term.includes("*") || clause.editDistance) return null;
    const word = clause.term.toLowerCase();
    const dictionary = await this.data.dictionary(dictionaryKey(word));
    return correction(word, this.termOf, dictionary);
  }

  /** lunr's score of every paper the clauses select, as a Map from ref to score. */
  async score(meta, read) {
    const { presence } = this.lunr.Query;
    const count = meta.count;
    const fieldNames = meta.fields.map((field) => field.name);
    const clauses = read.clauses.filter((clause) => !clause.ignored);
    const postings = new Map();
    await Promise.all(
      clauses.flatMap((clause) =>
        clause.terms.map(async (term) => postings.set(term, await this.data.postings(term))),
      ),
    );
    const queryVectors = fieldNames.map(() => new Map());
    const required = clauses.filter((clause) => clause.presence === presence.REQUIRED);
    const requiredCount = new Uint16Array(count);
    const prohibited = new Uint8Array(count);
    const seen = new Uint8Array(count);
    for (const clause of clauses) {
      const fields = (clause.fields || fieldNames).map((name) => fieldNames.indexOf(name));
      seen.fill(0);
      for (const term of clause.terms) {
        const lists = postings.get(term);
        if (!lists) continue;
        for (const f of fields) {
          const list = lists[f];
          if (clause.presence === presence.PROHIBITED) {
            if (list) for (const ref of list.refs) prohibited[ref] = 1;
            continue;
          }
          const vector = queryVectors[f];
          vector.set(term, (vector.get(term) || 0) + (clause.boost ?? 1));
          if (clause.presence === presence.REQUIRED && list) {
            for (const ref of list.refs) seen[ref] = 1;
          }
        }
      }
      if (clause.presence === presence.REQUIRED) {
        for (let ref = 0; ref < count; ref += 1) requiredCount[ref] += seen[ref];
      }
    }
    const scores = new Float64Array(count);
    const matched = new Uint8Array(count);
    queryVectors.forEach((vector, f) => {
      let squares = 0;
      for (const boost of vector.values()) squares += boost * boost;
      const length = Math.sqrt(squares);
      const dot = new Float64Array(count);
      for (const [term, boost] of vector) {
        const list = postings.get(term)?.[f];
        if (!list) continue;
        for (let i = 0; i < list.refs.length; i += 1) {
          dot[list.refs[i]] += boost * list.weights[i];
          matched[list.refs[i]] = 1;
        }
      }
      if (length) for (let ref = 0; ref < count; ref += 1) scores[ref] += dot[ref] / length;
    });
    const positive = clauses.some((clause) => clause.presence !== presence.PROHIBITED);
    const hits = new Map();
    for (let ref = 0; ref < count; ref += 1) {
      if (prohibited[ref] || requiredCount[ref] < required.length) continue;
      if (positive ? matched[ref] : clauses.length) hits.set(ref, scores[ref]);
    }
    if (read.missing.length) hits.clear(); // a word no paper holds: nothing has every word
    return hits;
  }

  /**
   * The papers of every author the query names: alone, newest first; with words, the hits that
   * are theirs. An author no paper has is a missing word (the answer says so).
   */
  async byAuthors(parsed, read, hits) {
    const lists = await Promise.all(parsed.authors.map((name) => this.data.authorRefs(name)));
    parsed.authors.forEach((name, i) => {
      if (!lists[i].length) read.missing.push(`author:${name}`);
    });
    if (read.missing.length) return new Map();
    const words = read.clauses.some((clause) => !clause.ignored);
    const theirs = lists.slice(1).map((refs) => new Set(refs));
    const kept = new Map();
    lists[0].forEach((ref, rank) => {
      if (!theirs.every((set) => set.has(ref))) return;
      if (!words)
        kept.set(ref, lists[0].length - rank); // newest first
      else if (hits.has(ref)) kept.set(ref, hits.get(ref));
    });
    return kept;
  }

  /** The hits whose fields hold each phrase as written. */
  async withPhrases(meta, read, hits) {
    const phrases = read.phrases.filter((phrase) => phrase.terms.filter(Boolean).length > 1);
    if (!phrases.length || !hits.size) return hits;
    const kept = new Map(hits);
    for (const phrase of phrases) {
      const found = await this.phraseRefs(meta, phrase, kept);
      for (const ref of [...kept.keys()]) if (!found.has(ref)) kept.delete(ref);
    }
    return kept;
  }

  async phraseRefs(meta, phrase, candidates) {
    const words = phrase.terms
      .map((term, offset) => ({ term, offset }))
      .filter((word) => word.term !== null);
    const lists = await Promise.all(
      words.map(async (word) => ({
        postings: await this.data.postings(word.term),
        positions: await this.data.positions(word.term),
      })),
    );
    const found = new Set();
    meta.fields.forEach((_, f) => {
      // Each word's positions by ref, in this field.
      const byRef = lists.map(({ postings, positions }) => {
        const map = new Map();
        const list = postings?.[f];
        if (list) list.refs.forEach((ref, i) => map.set(ref, positions[f][i]));
        return map;
      });
      for (const ref of byRef[0].keys()) {
        if (found.has(ref) || !candidates.has(ref)) continue;
        const places = byRef.map((map) => map.get(ref));
        if (places.some((list) => !list)) continue;
        const later = places.slice(1).map((list) => new Set(list));
        const start = places[0].some((p) =>
          later.every((set, k) => set.has(p + words[k + 1].offset - words[0].offset)),
        );
        if (start) found.add(ref);
      }
    });
    return found;
  }

  /** Ranks, counts, filters, pages and fetches the rows of the page shown. */
  async answer(meta, q, parsed, read, hits, options) {
    const ranked = [...hits].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const wantFacets = Boolean(options.facets || options.topic || options.code || options.year);
    const facets = wantFacets ? await this.data.facets() : null;
    let topicNumber = null;
    if (facets && options.topic) {
      topicNumber = facets.topics.findIndex((topic) => topic.slug === options.topic);
    }
    const year = options.year ? Number(options.year) : null;
    const passes = (ref, skip) =>
      (skip === "topic" || topicNumber === null || facets.paperTopics[ref].includes(topicNumber)) &&
      (skip === "code" || !options.code || facets.code[ref] === "1") &&
      (skip === "year" || year === null || (facets.years && facets.years[ref] === year));
    const shown = facets ? ranked.filter(([ref]) => passes(ref, null)) : ranked;
    let counts = null;
    if (facets && options.facets) counts = facetCounts(facets, ranked, passes);
    const pageSize = Math.max(1, Number(options.pageSize) || PAGE_SIZE);
    const pages = Math.max(1, Math.ceil(shown.length / pageSize));
    const page = Math.min(Math.max(1, Math.floor(Number(options.page) || 1)), pages);
    const onPage = shown.slice((page - 1) * pageSize, page * pageSize);
    if (options.rows === false) {
      // Refs and scores only (for tools): no row is fetched.
      return {
        q,
        total: ranked.length,
        matched: shown.length,
        page,
        pages,
        pageSize,
        results: onPage.map(([ref, score]) => ({ ref, score })),
      };
    }
    const rows = await this.data.rows(onPage.map(([ref]) => ref));
    const { PROHIBITED } = this.lunr.Query.presence;
    const terms = new Set(
      read.clauses.filter((c) => !c.ignored && c.presence !== PROHIBITED).flatMap((c) => c.terms),
    );
    const results = onPage.map(([ref, score], i) => ({
      ref,
      score,
      url: rows[i].url,
      title: highlightRuns(rows[i].title, terms, this.termOf),
      shortName: rows[i].shortName,
      snippet: highlightRuns(rows[i].snippet, terms, this.termOf),
      topics: facets ? facets.paperTopics[ref].map((n) => facets.topics[n]) : [],
      hasCode: facets ? facets.code[ref] === "1" : null,
    }));
    return {
      q,
      error: parsed.error,
      corrections: read.corrections,
      missing: read.missing,
      dropped: read.dropped,
      shownAs: shownQuery(q, read.corrections),
      total: ranked.length,
      matched: shown.length,
      page,
      pages,
      pageSize,
      results,
      facets: counts,
    };
  }
}

/** Counts per topic, code and year: each facet counts the hits the other filters let through. */
function facetCounts(facets, ranked, passes) {
  const topicCounts = new Map();
  const yearCounts = new Map();
  let code = 0;
  for (const [ref] of ranked) {
    if (passes(ref, "topic")) {
      for (const n of facets.paperTopics[ref]) topicCounts.set(n, (topicCounts.get(n) || 0) + 1);
    }
    if (passes(ref, "code") && facets.code[ref] === "1") code += 1;
    if (facets.years && passes(ref, "year") && facets.years[ref] !== null) {
      yearCounts.set(facets.years[ref], (yearCounts.get(facets.years[ref]) || 0) + 1);
    }
  }
  const byName = (a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    topics: [...topicCounts].map(([n, count]) => ({ ...facets.topics[n], count })).sort(byName),
    code,
    years: [...yearCounts]
      .map(([year, count]) => ({ year, count }))
      .sort((a, b) => b.year - a.year),
  };
}

/** The query with each corrected word replaced: what the results are for. */
function shownQuery(q, corrections) {
  if (!corrections.length) return null;
  let shown = q;
  for (const { from, to } of corrections) {
    const word = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(from)}(?![\\p{L}\\p{N}])`, "iu");
    shown = shown.replace(word, `$1${to}`);
  }
  return shown.trim();
}

function mostHeld(found) {
  found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return found.slice(0, MAX_EXPANSIONS).map(([term]) => term);
}

function lowerBound(sorted, value) {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
