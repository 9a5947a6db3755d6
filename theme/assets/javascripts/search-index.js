/*
 * Papershelf's search index, from its compact form (search/index.json, written by
 * generator/search.py) to the form lunr.js 2.3.9 serialises an index in, which
 * lunr.Index.load reads. The compact form holds each term's postings per field and what the
 * scores need; the scores themselves (BM25, as lunr's builder computes them) are computed here,
 * as expand_index does in Python. Loaded by the search worker with importScripts.
 */
"use strict";

var SEARCH_INDEX_FORMAT = 2;

// eslint-disable-next-line no-unused-vars
function expandIndex(compact) {
  if (compact.format !== SEARCH_INDEX_FORMAT) {
    throw new Error("unknown search index format " + compact.format);
  }
  var K1 = 1.2;
  var B = 0.75;
  var count = compact.count;
  var fields = compact.fields;
  var terms = decodeTerms(compact.terms);
  var empty = Object.freeze({}); // no metadata: lunr only copies its keys

  // Postings as flat [ref, frequency, ref, frequency, ...] lists, per field and term.
  var documents = new Array(terms.length).fill(0);
  var decoded = fields.map(function (field, f) {
    return compact.postings[f].map(function (encoded, t) {
      var refs = decodePostings(encoded);
      documents[t] += refs.length / 2;
      return refs;
    });
  });
  compact.documents.forEach(function (pair) {
    documents[pair[0]] += pair[1];
  });
  var idf = documents.map(function (withTerm) {
    return Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)));
  });

  var inverted = terms.map(function (term, t) {
    var posting = {};
    fields.forEach(function (field) {
      posting[field.name] = {};
    });
    posting._index = t;
    return [term, posting];
  });
  var vectors = [];
  fields.forEach(function (field, f) {
    var lists = decoded[f];
    var lengths = field.lengths;
    var r, t, i;
    if (!lengths) {
      lengths = new Array(count).fill(0);
      for (t = 0; t < lists.length; t++) {
        for (i = 0; i < lists[t].length; i += 2) lengths[lists[t][i]] += lists[t][i + 1];
      }
    }
    var total = 0;
    for (r = 0; r < count; r++) total += lengths[r];
    var average = count ? total / count : 0;
    var fieldVectors = [];
    for (r = 0; r < count; r++) fieldVectors.push([]);
    for (t = 0; t < lists.length; t++) {
      var refs = lists[t];
      var byRef = inverted[t][1][field.name];
      for (i = 0; i < refs.length; i += 2) {
        var ref = refs[i];
        var frequency = refs[i + 1];
        var norm = K1 * (1 - B + B * (lengths[ref] / average)) + frequency;
        var score = ((idf[t] * ((K1 + 1) * frequency)) / norm) * field.boost;
        byRef[ref] = empty;
        fieldVectors[ref].push(t, Math.round(score * 1000) / 1000);
      }
    }
    for (r = 0; r < count; r++) vectors.push([field.name + "/" + r, fieldVectors[r]]);
  });
  return {
    version: compact.version,
    fields: fields.map(function (field) {
      return field.name;
    }),
    fieldVectors: vectors,
    invertedIndex: inverted,
    pipeline: compact.pipeline,
  };
}

// Sorted terms, one a line: how many leading characters (0 to 9) a term shares with the one
// before it, then the rest of it.
function decodeTerms(encoded) {
  var terms = [];
  var previous = "";
  if (!encoded) return terms;
  encoded.split("\n").forEach(function (line) {
    previous = previous.slice(0, Number(line[0])) + line.slice(1);
    terms.push(previous);
  });
  return terms;
}

// Gaps between ascending refs, the first from -1; a negative gap has its term frequency next.
function decodePostings(encoded) {
  var out = [];
  var previous = -1;
  for (var i = 0; i < encoded.length; i++) {
    var gap = encoded[i];
    var frequency = 1;
    if (gap < 0) {
      gap = -gap;
      frequency = encoded[++i];
    }
    previous += gap;
    out.push(previous, frequency);
  }
  return out;
}
