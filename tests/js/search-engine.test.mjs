import assert from "node:assert/strict";
import { test } from "node:test";

import { SearchEngine, parseQuery } from "../../theme/assets/javascripts/search-engine.js";
import { indexFiles, lunr, memoryData } from "./fixture.mjs";

const PAPERS = [
  {
    title: "Robust training of robots",
    abstract: "We train robots to grasp.",
    topics: ["Robotics"],
    code: true,
    year: 2024,
  },
  {
    title: "Language models",
    abstract: "A large language model for code.",
    topics: ["NLP"],
    year: 2023,
  },
  { title: "Models of language", abstract: "Language, then a model.", topics: ["NLP"], code: true },
  {
    title: "Robust vision",
    abstract: "Robust models see.",
    topics: ["Vision", "Robotics"],
    year: 2024,
  },
];

function engine(papers = PAPERS, options = {}) {
  const { data, fetched } = memoryData(indexFiles(papers, options));
  return { engine: new SearchEngine(lunr, data), fetched };
}

const titles = (answer) =>
  answer.results.map((result) => result.title.map(([text]) => text).join(""));

test("every word of a plain query must be there", async () => {
  const answer = await engine().engine.search("robust model");
  assert.deepEqual(titles(answer), ["Robust vision"]);
  assert.equal(answer.total, 1);
});

test("a quoted phrase must appear as written", async () => {
  const { engine: search } = engine();
  assert.deepEqual(titles(await search.search('"language model"')), ["Language models"]);
  assert.equal((await search.search("language model")).total, 2);
});

test("a typo in one word of two is read as the nearest word, and said", async () => {
  const answer = await engine().engine.search("robust trainng");
  assert.deepEqual(titles(answer), ["Robust training of robots"]);
  assert.equal(answer.shownAs, "robust training");
});

test("a word no paper holds, nor any close word, finds nothing and is named", async () => {
  const answer = await engine().engine.search("robust xylophone");
  assert.equal(answer.total, 0);
  assert.deepEqual(answer.missing, ["xylophone"]);
});

test("stop words are left out, and listed", async () => {
  const answer = await engine().engine.search("the robust");
  assert.equal(answer.total, 2);
  assert.deepEqual(answer.dropped, ["the"]);
});

test("lunr's -, field: and * keep working", async () => {
  const { engine: search } = engine();
  assert.deepEqual(titles(await search.search("robust -vision")), ["Robust training of robots"]);
  assert.deepEqual(titles(await search.search("title:model")).sort(), [
    "Language models",
    "Models of language",
  ]);
  assert.equal((await search.search("rob*")).total, 2);
});

test("the word being typed also finds the longer words it starts", async () => {
  const { engine: search } = engine();
  assert.equal((await search.search("langu")).total, 0);
  assert.equal((await search.search("langu", { typing: true })).total, 2);
});

test("facets count every match by topic, code and year; filters narrow", async () => {
  const { engine: search } = engine();
  const answer = await search.search("robust", { facets: true });
  assert.deepEqual(
    answer.facets.topics.map((topic) => [topic.name, topic.count]),
    [
      ["Robotics", 2],
      ["Vision", 1],
    ],
  );
  assert.equal(answer.facets.code, 1);
  assert.deepEqual(answer.facets.years, [{ year: 2024, count: 2 }]);
  const filtered = await search.search("robust", { facets: true, topic: "vision" });
  assert.deepEqual(titles(filtered), ["Robust vision"]);
  assert.equal(filtered.total, 2);
  assert.equal(filtered.matched, 1);
});

test("results come a page at a time, fetching rows only for the page shown", async () => {
  const papers = Array.from({ length: 45 }, (_, n) => ({
    title: `Paper ${n}`,
    abstract: "Robots.",
  }));
  const { engine: search, fetched } = engine(papers);
  const answer = await search.search("robots", { page: 3, pageSize: 10 });
  assert.equal(answer.pages, 5);
  assert.equal(answer.results.length, 10);
  assert.deepEqual(
    fetched.filter((path) => path.startsWith("docs/")),
    ["docs/2.json.gz"],
  );
  const last = await search.search("robots", { page: 99, pageSize: 10 });
  assert.equal(last.page, 5);
  assert.equal(last.results.length, 5);
});

test("a title match ranks above an abstract mention", async () => {
  const answer = await engine().engine.search("robots");
  assert.deepEqual(titles(answer)[0], "Robust training of robots");
});

test("a query that does not parse is read as its words, and says why", () => {
  const parsed = parseQuery(lunr, ["title"], "nofield:robots");
  assert.match(parsed.error, /unrecognised field 'nofield'/);
  assert.deepEqual(
    parsed.clauses.map((clause) => clause.term),
    ["nofield", "robots"],
  );
});

const BY_AUTHORS = [
  { title: "Robust robots", abstract: "Robots.", authors: ["Émilie du Châtelet", "Alan Turing"] },
  { title: "Robust vision", abstract: "Vision.", authors: ["Alan  Turing"] },
  { title: "Language models", abstract: "Words.", authors: ["emilie du chatelet"] },
  { title: "Robust sound", abstract: "Sound.", authors: ["Grace Hopper"] },
];

test("author: finds every paper of an author, in any case, accents and spacing", async () => {
  const { engine: search } = engine(BY_AUTHORS);
  const all = await search.search('author:"EMILIE DU  CHATELET"');
  assert.deepEqual(titles(all), ["Robust robots", "Language models"]);
  // Newest first: the order the index lists them in, whatever their score.
  assert.deepEqual(titles(await search.search('author:"Alan Turing"')), [
    "Robust robots",
    "Robust vision",
  ]);
  assert.deepEqual(titles(await search.search("author:hopper")), []);
});

test("author: with words keeps the author's papers that hold them", async () => {
  const { engine: search } = engine(BY_AUTHORS);
  assert.deepEqual(titles(await search.search('robust author:"Émilie du Châtelet"')), [
    "Robust robots",
  ]);
  assert.deepEqual(titles(await search.search('author:"alan turing" author:"grace hopper"')), []);
  assert.deepEqual(
    titles(await search.search('Author:"alan turing" author:"Émilie du Châtelet"')),
    ["Robust robots"],
  );
});

test("an author no paper has is named as missing", async () => {
  const answer = await engine(BY_AUTHORS).engine.search('author:"Ada Lovelace" robust');
  assert.equal(answer.total, 0);
  assert.deepEqual(answer.missing, ["author:Ada Lovelace"]);
});
