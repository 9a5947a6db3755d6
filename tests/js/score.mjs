// Prints the scores the browser's search gives for queries, over a built site's search files:
//   node tests/js/score.mjs SITE_DIR QUERY...
// One JSON line per query: {"q": ..., "scores": {ref: score}, "total": n}. Used by
// tests/test_search_scores.py to hold the sharded index to lunr.py's full index.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { SearchData, parseIndexFile } from "../../theme/assets/javascripts/search-data.js";
import { SearchEngine } from "../../theme/assets/javascripts/search-engine.js";

const lunr = createRequire(import.meta.url)("lunr");
const [siteDir, ...queries] = process.argv.slice(2);
const data = new SearchData("search/", async (url) =>
  parseIndexFile(await readFile(path.join(siteDir, url))),
);
const engine = new SearchEngine(lunr, data);
for (const q of queries) {
  const answer = await engine.search(q, { pageSize: 1e9, rows: false });
  const scores = Object.fromEntries(answer.results.map((r) => [r.ref, r.score]));
  process.stdout.write(`${JSON.stringify({ q, scores, total: answer.total })}\n`);
}
