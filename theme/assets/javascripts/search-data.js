/*
 * The search index's files (written by generator/search_files.py), fetched when a query needs
 * them and kept for the next: the entry file meta.json.gz, the shard of each query term, its
 * positions for a phrase, the dictionary of a first letter for prefixes and typos, the facets,
 * and the rows of the results shown. Every file names its build; a file of another build (the
 * site changed while the page was open) is an error that says to reload.
 *
 * Every file is JSON compressed with gzip, decompressed here with the browser's own
 * DecompressionStream. A server that sends a file with Content-Encoding: gzip hands over JSON
 * already decompressed: a file is decompressed only if it starts with gzip's magic bytes.
 */

export const FORMAT = 4;
export const SUFFIX = ".json.gz";

/** What the search says in a browser that cannot decompress the index. */
export const NO_DECOMPRESSION =
  "this browser cannot decompress the search index (it lacks DecompressionStream); update it to search";

/** The JSON of an index file's bytes, decompressed first if they are gzip's. */
export async function parseIndexFile(bytes) {
  let data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    if (typeof DecompressionStream === "undefined") throw new Error(NO_DECOMPRESSION);
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
    data = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return JSON.parse(new TextDecoder().decode(data));
}

/** Sorted terms, front-coded: a digit (characters shared with the term before), then the rest. */
export function decodeTerms(encoded) {
  const terms = [];
  let previous = "";
  if (!encoded) return terms;
  for (const line of encoded.split("\n")) {
    previous = previous.slice(0, Number(line[0])) + line.slice(1);
    terms.push(previous);
  }
  return terms;
}

/** The index of the last of the sorted `starts` that is not after `term` (0 if none). */
export function shardOf(starts, term) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= term) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The dictionary a term is listed in: its first ASCII letter or digit, `_` for the rest. */
export function dictionaryKey(term) {
  const first = term.charAt(0);
  return /^[a-z0-9]$/.test(first) ? first : "_";
}

/** Postings of one field, [gap, weight, gap, weight, ...], as refs and weights. */
export function decodePostings(encoded) {
  const refs = new Int32Array(encoded.length / 2);
  const weights = new Float64Array(encoded.length / 2);
  let previous = -1;
  for (let i = 0, j = 0; i < encoded.length; i += 2, j += 1) {
    previous += encoded[i];
    refs[j] = previous;
    weights[j] = encoded[i + 1] / 1000;
  }
  return { refs, weights };
}

/** Positions of one field: per posting, a count then gaps; as one array per posting. */
export function decodePositions(encoded) {
  const out = [];
  for (let i = 0; i < encoded.length;) {
    const count = encoded[i];
    const places = new Array(count);
    let previous = 0;
    for (let k = 0; k < count; k += 1) {
      previous += encoded[i + 1 + k];
      places[k] = previous;
    }
    out.push(places);
    i += count + 1;
  }
  return out;
}

/**
 * A name as authors are matched (generator/authors.py's author_key): without accents, case,
 * punctuation or extra spaces, so that "Émilie du Châtelet" finds "emilie  du chatelet".
 */
export function authorKey(name) {
  return name
    .toLowerCase()
    .replace(/ß/g, "ss") // Python's casefold, which toLowerCase leaves alone
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const FIRST_CODE = 0x100; // facets write the number n as the character U+0100 + n

export class SearchData {
  /**
   * @param {string} base the URL of the site's search/ folder, ending in "/"
   * @param {(url: string, fresh: boolean) => Promise<object>} fetchJson a file's JSON
   */
  constructor(base, fetchJson = fetchJsonOverHttp) {
    this.base = base;
    this.fetchJson = fetchJson;
    this.files = new Map(); // path -> Promise of its JSON
    this.decoded = new Map(); // term -> its postings per field, or null
    this.metaPromise = null;
  }

  /** The entry file: fields, paper count, shard starts, dictionaries, row columns. */
  meta() {
    if (!this.metaPromise) {
      this.metaPromise = this.fetchJson(`${this.base}meta${SUFFIX}`, true).then(
        (data) => {
          if (data.format !== FORMAT) throw new Error(`unknown search index format ${data.format}`);
          return {
            build: data.build,
            count: data.count,
            fields: data.fields,
            starts: decodeTerms(data.shards),
            dictionaries: new Set(data.dictionaries),
            authors: decodeTerms(data.authors || ""),
            chunkSize: data.chunk_size,
            columns: data.columns,
          };
        },
        (error) => {
          this.metaPromise = null; // a later query tries again
          throw error;
        },
      );
    }
    return this.metaPromise;
  }

  async file(path) {
    const meta = await this.meta();
    if (!this.files.has(path)) {
      const loaded = this.fetchJson(this.base + path, false).then(
        (data) => {
          if (data.format !== FORMAT || data.build !== meta.build) {
            throw new Error("the site has changed since this page loaded; reload the page");
          }
          return data;
        },
        (error) => {
          this.files.delete(path);
          throw error;
        },
      );
      this.files.set(path, loaded);
    }
    return this.files.get(path);
  }

  /** Whether a file has been fetched already (or is on its way). */
  has(path) {
    return this.files.has(path);
  }

  async shardPath(term) {
    const meta = await this.meta();
    return `t/${shardOf(meta.starts, term)}${SUFFIX}`;
  }

  /** A term's postings per field ({refs, weights}, or null where the field lacks it); null
   * when no paper holds the term. */
  async postings(term) {
    if (this.decoded.has(term)) return this.decoded.get(term);
    const shard = await this.file(await this.shardPath(term));
    const encoded = Object.hasOwn(shard.terms, term) ? shard.terms[term] : null;
    const meta = await this.meta();
    const postings = encoded
      ? meta.fields.map((_, f) =>
          encoded[f] && encoded[f].length ? decodePostings(encoded[f]) : null,
        )
      : null;
    this.decoded.set(term, postings);
    return postings;
  }

  /** The refs of an author's papers, newest first (an empty list for a name no paper has). */
  async authorRefs(name) {
    const key = authorKey(name);
    const meta = await this.meta();
    if (!key || !meta.authors.length) return [];
    const shard = await this.file(`a/${shardOf(meta.authors, key)}${SUFFIX}`);
    return Object.hasOwn(shard.authors, key) ? shard.authors[key] : [];
  }

  /** A term's positions per field, one array per posting in the order of `postings`. */
  async positions(term) {
    const meta = await this.meta();
    const number = shardOf(meta.starts, term);
    const data = await this.file(`p/${number}${SUFFIX}`);
    const encoded = Object.hasOwn(data.terms, term) ? data.terms[term] : [];
    return meta.fields.map((_, f) => decodePositions(encoded[f] || []));
  }

  /** The terms listed under a dictionary key, sorted, with how many papers hold each. */
  async dictionary(key) {
    const meta = await this.meta();
    if (!meta.dictionaries.has(key)) return { terms: [], counts: [], index: new Map() };
    const path = `d/${key}${SUFFIX}`;
    const data = await this.file(path);
    if (!data.decoded) {
      const terms = decodeTerms(data.terms);
      data.decoded = { terms, counts: data.counts, index: new Map(terms.map((t, i) => [t, i])) };
    }
    return data.decoded;
  }

  /** Every dictionary (for a pattern that starts with a wildcard). */
  async dictionaries() {
    const meta = await this.meta();
    return Promise.all([...meta.dictionaries].sort().map((key) => this.dictionary(key)));
  }

  /** Each paper's topics, code flag and year. */
  async facets() {
    const data = await this.file(`facets${SUFFIX}`);
    if (!data.decoded) {
      const topics = data.topics.map(([slug, name, url]) => ({ slug, name, url }));
      const paperTopics = data.paper_topics
        .split(" ")
        .map((chars) => Array.from(chars, (char) => char.codePointAt(0) - FIRST_CODE));
      const years = data.paper_years
        ? Array.from(data.paper_years, (char) =>
            char === "-" ? null : data.years[char.codePointAt(0) - FIRST_CODE],
          )
        : null;
      data.decoded = {
        topics,
        paperTopics,
        code: data.code,
        years,
      };
    }
    return data.decoded;
  }

  /** The rows of the given refs, in their order, fetching each chunk that holds them once. */
  async rows(refs) {
    const meta = await this.meta();
    const chunks = await Promise.all(
      refs.map((ref) => this.file(`docs/${Math.floor(ref / meta.chunkSize)}${SUFFIX}`)),
    );
    const column = Object.fromEntries(meta.columns.map((name, i) => [name, i]));
    return refs.map((ref, i) => {
      const row = chunks[i].docs[ref % meta.chunkSize];
      return {
        url: row[column.url],
        title: row[column.title],
        shortName: row[column.short_name],
        snippet: row[column.snippet],
      };
    });
  }
}

/** An index file fetched and read; a file that cannot be read is named in the error. */
export async function fetchJsonOverHttp(url, fresh) {
  // The entry file is revalidated, so that a page always starts from the current build.
  const response = await fetch(url, fresh ? { cache: "no-cache" } : {});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  try {
    return await parseIndexFile(bytes);
  } catch (error) {
    if (error.message === NO_DECOMPRESSION) throw error;
    throw new Error(`${url}: ${error.message}`);
  }
}
