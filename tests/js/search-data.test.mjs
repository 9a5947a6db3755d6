import assert from "node:assert/strict";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import {
  NO_DECOMPRESSION,
  decodePositions,
  decodePostings,
  decodeTerms,
  fetchJsonOverHttp,
  parseIndexFile,
  shardOf,
} from "../../theme/assets/javascripts/search-data.js";
import { indexFiles, memoryData } from "./fixture.mjs";

test("front-coded terms decode", () => {
  assert.deepEqual(decodeTerms("0model\n5s\n3ern"), ["model", "models", "modern"]);
  assert.deepEqual(decodeTerms(""), []);
});

test("a term's shard is the last that starts at or before it", () => {
  const starts = ["", "f", "m"];
  assert.equal(shardOf(starts, "apple"), 0);
  assert.equal(shardOf(starts, "f"), 1);
  assert.equal(shardOf(starts, "model"), 2);
});

test("postings and positions decode from gaps", () => {
  const { refs, weights } = decodePostings([1, 1500, 3, 2000]);
  assert.deepEqual([...refs], [0, 3]);
  assert.deepEqual([...weights], [1.5, 2]);
  assert.deepEqual(decodePositions([2, 1, 3, 1, 0]), [[1, 4], [0]]);
});

test("an index file is read gzipped, or as JSON a server already decompressed", async () => {
  const json = JSON.stringify({ format: 4, terms: { modèl: [[1, 1500]] } });
  const gzipped = gzipSync(Buffer.from(json, "utf8"));
  assert.equal(gzipped[0], 0x1f);
  assert.deepEqual(await parseIndexFile(gzipped), JSON.parse(json));
  const plain = new TextEncoder().encode(json);
  assert.deepEqual(await parseIndexFile(plain.buffer), JSON.parse(json));
});

test("a browser without DecompressionStream is told so in one line", async (t) => {
  const saved = globalThis.DecompressionStream;
  t.after(() => {
    globalThis.DecompressionStream = saved;
  });
  delete globalThis.DecompressionStream;
  const gzipped = gzipSync(Buffer.from("{}", "utf8"));
  await assert.rejects(parseIndexFile(gzipped), (error) => error.message === NO_DECOMPRESSION);
  assert.ok(!NO_DECOMPRESSION.includes("\n"));
  // JSON a server sent decompressed needs no DecompressionStream.
  assert.deepEqual(await parseIndexFile(new TextEncoder().encode("{}")), {});
});

test("a file of another build is refused with a message that says to reload", async () => {
  const files = indexFiles([{ title: "Robots", abstract: "Robots grasp." }]);
  files["t/0.json.gz"].build = "other";
  const { data } = memoryData(files);
  await assert.rejects(data.postings("robot"), /the site has changed since this page loaded/);
});

test("only the shard of the term asked for is fetched", async () => {
  const files = indexFiles(
    [
      { title: "Apples and pears", abstract: "Fruit." },
      { title: "Zebras", abstract: "Stripes." },
    ],
    { shardSize: 1 },
  );
  const { data, fetched } = memoryData(files);
  const postings = await data.postings("zebra");
  assert.deepEqual([...postings[0].refs], [1]);
  assert.equal(await data.postings("zebr"), null);
  assert.deepEqual(fetched.filter((path) => path.startsWith("t/")).length, 2);
});

test("an index file that cannot be read is named in the error", async () => {
  const whole = gzipSync(Buffer.from('{"format": 4, "terms": "0model"}'));
  const files = {
    "search/t/3.json.gz": whole.subarray(0, whole.length - 6),
    "search/t/4.json.gz": Buffer.from("{not json"),
  };
  const saved = globalThis.fetch;
  globalThis.fetch = async (url) => new Response(files[url]);
  try {
    for (const url of Object.keys(files)) {
      await assert.rejects(fetchJsonOverHttp(url), (error) => {
        assert.ok(error.message.startsWith(`${url}: `), error.message);
        return true;
      });
    }
    globalThis.fetch = async () => new Response(whole);
    assert.deepEqual(await fetchJsonOverHttp("search/t/5.json.gz"), {
      format: 4,
      terms: "0model",
    });
  } finally {
    globalThis.fetch = saved;
  }
});
