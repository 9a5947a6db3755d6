// A small search index in the layout generator/search_files.py writes, made here from a few
// papers, for the unit tests of the browser's search code. Weights are simple (a term's count
// in the field, times the field's boost): the tests here are about which papers match; the
// scores are held to lunr's by tests/test_search_scores.py.
import { createRequire } from "node:module";

import {
  SearchData,
  authorKey,
  dictionaryKey,
} from "../../theme/assets/javascripts/search-data.js";
import { termMaker } from "../../theme/assets/javascripts/search-words.js";

export const lunr = createRequire(import.meta.url)("lunr");
const FIELDS = [
  { name: "title", boost: 10 },
  { name: "short_name", boost: 10 },
  { name: "abstract", boost: 1 },
];
const BUILD = "test";

function encodeTerms(terms) {
  let previous = "";
  return terms
    .map((term) => {
      let shared = 0;
      while (
        shared < 9 &&
        shared < Math.min(term.length, previous.length) &&
        term[shared] === previous[shared]
      ) {
        shared += 1;
      }
      previous = term;
      return `${shared}${term.slice(shared)}`;
    })
    .join("\n");
}

/** The files of an index of `papers` ({title, abstract, topics, code, year}), by path. */
export function indexFiles(papers, { shardSize = 3 } = {}) {
  const termOf = termMaker(lunr);
  const postings = new Map(); // term -> per field [[ref, tf, positions]]
  papers.forEach((paper, ref) => {
    const texts = [paper.title, paper.shortName || "", paper.abstract];
    texts.forEach((text, f) => {
      const where = new Map();
      text
        .split(/[\s-]+/)
        .filter(Boolean)
        .forEach((word, position) => {
          const term = termOf(word);
          if (term) where.set(term, [...(where.get(term) || []), position]);
        });
      for (const [term, places] of where) {
        if (!postings.has(term))
          postings.set(
            term,
            FIELDS.map(() => []),
          );
        postings.get(term)[f].push([ref, places]);
      }
    });
  });
  const terms = [...postings.keys()].sort();
  const files = {};
  const head = { format: 4, build: BUILD };
  const starts = [];
  for (let n = 0; n * shardSize < terms.length; n += 1) {
    const chunk = terms.slice(n * shardSize, (n + 1) * shardSize);
    starts.push(chunk[0]);
    const shard = {};
    const positions = {};
    for (const term of chunk) {
      shard[term] = postings.get(term).map((list, f) => {
        let previous = -1;
        return list.flatMap(([ref, places]) => {
          const gap = ref - previous;
          previous = ref;
          return [gap, places.length * FIELDS[f].boost * 1000];
        });
      });
      positions[term] = postings
        .get(term)
        .map((list) =>
          list.flatMap(([, places]) => [
            places.length,
            ...places.map((p, i) => p - (i ? places[i - 1] : 0)),
          ]),
        );
    }
    files[`t/${n}.json.gz`] = { ...head, terms: shard };
    files[`p/${n}.json.gz`] = { ...head, terms: positions };
  }
  const keys = new Map();
  for (const term of terms)
    keys.set(dictionaryKey(term), [...(keys.get(dictionaryKey(term)) || []), term]);
  for (const [key, listed] of keys) {
    const counts = listed.map((term) =>
      postings.get(term).reduce((sum, list) => sum + list.length, 0),
    );
    files[`d/${key}.json.gz`] = { ...head, terms: encodeTerms(listed), counts };
  }
  const topics = [...new Set(papers.flatMap((paper) => paper.topics || []))].sort();
  const years = [...new Set(papers.map((paper) => paper.year).filter(Boolean))].sort();
  files["facets.json.gz"] = {
    ...head,
    topics: topics.map((name) => [name.toLowerCase(), name, `topics/${name.toLowerCase()}/`]),
    paper_topics: papers
      .map((paper) =>
        (paper.topics || [])
          .map((name) => String.fromCodePoint(0x100 + topics.indexOf(name)))
          .join(""),
      )
      .join(" "),
    code: papers.map((paper) => (paper.code ? "1" : "0")).join(""),
    years,
    paper_years: years.length
      ? papers
          .map((paper) =>
            paper.year ? String.fromCodePoint(0x100 + years.indexOf(paper.year)) : "-",
          )
          .join("")
      : "",
  };
  for (let start = 0; start < papers.length; start += 10) {
    files[`docs/${start / 10}.json.gz`] = {
      ...head,
      docs: papers
        .slice(start, start + 10)
        .map((paper, i) => [
          `papers/${start + i}/`,
          paper.title,
          paper.shortName || null,
          paper.abstract,
        ]),
    };
  }
  // Authors, matched as generator/authors.py matches them, two names a shard.
  const byAuthor = new Map();
  papers.forEach((paper, ref) => {
    for (const key of new Set((paper.authors || []).map(authorKey))) {
      byAuthor.set(key, [...(byAuthor.get(key) || []), ref]);
    }
  });
  const names = [...byAuthor.keys()].sort();
  const authorStarts = [];
  for (let n = 0; n * 2 < names.length; n += 1) {
    const chunk = names.slice(n * 2, n * 2 + 2);
    authorStarts.push(chunk[0]);
    files[`a/${n}.json.gz`] = {
      ...head,
      authors: Object.fromEntries(chunk.map((key) => [key, byAuthor.get(key)])),
    };
  }
  files["meta.json.gz"] = {
    ...head,
    lunr: "2.3.9",
    count: papers.length,
    fields: FIELDS,
    shards: encodeTerms(starts),
    authors: encodeTerms(authorStarts),
    dictionaries: [...keys.keys()].sort(),
    chunk_size: 10,
    columns: ["url", "title", "short_name", "snippet"],
  };
  return files;
}

/** A SearchData over in-memory files, recording the paths fetched. */
export function memoryData(files) {
  const fetched = [];
  const data = new SearchData("", async (path) => {
    fetched.push(path);
    if (!(path in files)) throw new Error(`${path}: HTTP 404`);
    return structuredClone(files[path]);
  });
  return { data, fetched };
}
