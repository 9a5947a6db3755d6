/*
 * Words as the index holds them, and the words a typo may stand for. The index's terms went
 * through lunr's pipeline (generator/search.py): lower case, trimmed of punctuation, stop words
 * left out, stemmed; `termOf` does the same with lunr.js's own functions.
 */

/** The separator lunr splits text at: whitespace and hyphens. */
export const SEPARATOR = /[\s-]+/;

// lunr.py's trimmer, which the index was built with: Unicode-aware, where lunr.js's \W is not.
const TRIM = /^[^\p{L}\p{N}_]*?([\p{L}\p{N}_]+)[^\p{L}\p{N}_]*?$/u;

/** A function from a word to its index term, or null for a stop word or no word at all. */
export function termMaker(lunr) {
  const cache = new Map();
  return (word) => {
    const lower = word.toLowerCase();
    if (cache.has(lower)) return cache.get(lower);
    const trimmed = TRIM.exec(lower);
    const core = trimmed ? trimmed[1] : lower;
    let term = null;
    const token = new lunr.Token(core, {});
    if (core && lunr.stopWordFilter(token)) term = lunr.stemmer(token).toString();
    cache.set(lower, term);
    return term;
  };
}

/** The edit distance between a and b (insertions, deletions, substitutions), or max + 1 when it
 * is more than max. */
export function editDistance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      best = Math.min(best, current[j]);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return Math.min(previous[b.length], max + 1);
}

/** Every word one edit away from `word` that keeps its first letter: a letter dropped, added,
 * changed, or two letters swapped. */
export function variants(word) {
  const letters = new Set("abcdefghijklmnopqrstuvwxyz0123456789");
  for (const char of word) letters.add(char);
  const out = new Set();
  for (let i = 1; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const char of letters) {
      out.add(head + char + tail);
      if (tail) out.add(head + char + tail.slice(1));
    }
  }
  out.delete(word);
  return out;
}

/** How far a typo may go: one edit, two in a long word. */
export function allowedEdits(word) {
  return word.length >= 8 ? 2 : 1;
}

/**
 * The word that a word matching nothing most likely stands for: among the index's terms of the
 * same first letter, the nearest (fewest edits, to the word or to its stem), then the one most
 * papers hold. Returns {term, word, edits} or null; `word` is what to show the reader.
 * @param {string} word the word as typed, lower case
 * @param {(word: string) => string|null} termOf
 * @param {{terms: string[], counts: number[], index: Map<string, number>}} dictionary
 */
export function correction(word, termOf, dictionary) {
  if (word.length < 3) return null; // a typo in a short word matches nearly anything
  let best = null;
  const consider = (term, shown, edits) => {
    const at = dictionary.index.get(term);
    if (at === undefined) return;
    const count = dictionary.counts[at];
    if (
      !best ||
      edits < best.edits ||
      (edits === best.edits && count > best.count) ||
      (edits === best.edits && count === best.count && shown < best.word)
    ) {
      best = { term, word: shown, edits, count };
    }
  };
  for (const variant of variants(word)) {
    const term = termOf(variant);
    if (term) consider(term, variant, 1);
  }
  const max = allowedEdits(word);
  const stem = termOf(word) || word;
  if (!best || max > 1) {
    for (const term of dictionary.terms) {
      const edits = Math.min(editDistance(stem, term, max), editDistance(word, term, max));
      if (edits <= max) consider(term, term, edits);
    }
  }
  return best && { term: best.term, word: best.word, edits: best.edits };
}

/**
 * Text split into [text, highlighted] runs: a word is highlighted when its term is one of
 * `terms`. The page builds the DOM from the runs with textContent.
 */
export function highlightRuns(text, terms, termOf) {
  const out = [];
  const push = (part, marked) => {
    if (!part) return;
    const last = out[out.length - 1];
    if (last && last[1] === marked) last[0] += part;
    else out.push([part, marked]);
  };
  for (const piece of text.split(/([\s-]+)/)) {
    const parts = /^([^\p{L}\p{N}_]*)(.*?)([^\p{L}\p{N}_]*)$/su.exec(piece);
    const core = parts[2];
    const term = core ? termOf(core) : null;
    if (term && terms.has(term)) {
      push(parts[1], false);
      push(core, true);
      push(parts[3], false);
    } else {
      push(piece, false);
    }
  }
  return out;
}
