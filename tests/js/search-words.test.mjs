import assert from "node:assert/strict";
import { test } from "node:test";

import {
  correction,
  editDistance,
  highlightRuns,
  termMaker,
  variants,
} from "../../theme/assets/javascripts/search-words.js";
import { lunr } from "./fixture.mjs";

const termOf = termMaker(lunr);

test("words become terms as the index's pipeline makes them", () => {
  assert.equal(termOf("Training,"), "train");
  assert.equal(termOf("the"), null);
  assert.equal(termOf("—"), "—");
  assert.equal(termOf("café"), "café"); // lunr.py's trimmer keeps letters beyond ASCII
  assert.equal(termOf("(BiPO)"), "bipo");
});

test("edit distance counts insertions, deletions and substitutions, up to a bound", () => {
  assert.equal(editDistance("trainng", "training", 2), 1);
  assert.equal(editDistance("robust", "robust", 1), 0);
  assert.equal(editDistance("kitten", "sitting", 3), 3);
  assert.equal(editDistance("kitten", "sitting", 1), 2); // more than the bound: bound + 1
});

test("variants are one edit away and keep the first letter", () => {
  const all = variants("cat");
  assert.ok(all.has("cart") && all.has("ca") && all.has("cot") && all.has("cta"));
  assert.ok(!all.has("cat") && !all.has("bat"));
});

test("a typo is read as the nearest term that most papers hold", () => {
  const terms = ["train", "trait", "transform"];
  const dictionary = { terms, counts: [40, 3, 20], index: new Map(terms.map((t, i) => [t, i])) };
  assert.deepEqual(correction("trainng", termOf, dictionary), {
    term: "train",
    word: "training",
    edits: 1,
  });
  assert.deepEqual(correction("transfrom", termOf, dictionary)?.term, "transform");
  assert.equal(correction("zebra", termOf, dictionary), null);
  assert.equal(correction("tr", termOf, dictionary), null); // too short to guess
});

test("matched words are highlighted, punctuation and case kept", () => {
  const runs = highlightRuns("Robust training, robustly.", new Set(["robust", "train"]), termOf);
  assert.deepEqual(runs, [
    ["Robust", true],
    [" ", false],
    ["training", true],
    [", robustly.", false],
  ]);
});
