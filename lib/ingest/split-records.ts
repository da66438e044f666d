/**
 * Splits one CloudTrail delivery file's text into the raw text of each record,
 * byte for byte as CloudTrail wrote it, so the event page can show the original.
 * It checks structure (balanced brackets, strings, the Records array) and that
 * every word and number is JSON, but not where commas and colons go: DuckDB
 * parses each record afterwards and the batch falls back to file-by-file if a
 * record is malformed.
 */
export type SplitResult = { kind: 'records'; records: string[] } | { kind: 'digest' } | { kind: 'not-cloudtrail'; reason: string };

export class MalformedJsonError extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

export function splitRecords(text: string): SplitResult {
  let i = skipWs(text, 0);
  if (i >= text.length) throw new MalformedJsonError('the file is empty');
  if (text.charCodeAt(i) !== 0x7b /* { */) {
    return { kind: 'not-cloudtrail', reason: 'the file is not a JSON object with a Records array' };
  }
  i = skipWs(text, i + 1);
  let records: string[] | null = null;
  let digest = false;
  if (text.charCodeAt(i) === 0x7d /* } */) return { kind: 'not-cloudtrail', reason: 'the file is an empty JSON object' };
  for (;;) {
    if (text.charCodeAt(i) !== 0x22) fail(text, i, 'expected a key');
    const keyEnd = endOfString(text, i);
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipWs(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) fail(text, i, 'expected ":"');
    i = skipWs(text, i + 1);
    if (key === 'Records' && text.charCodeAt(i) === 0x5b /* [ */) {
      const out: string[] = [];
      i = skipWs(text, i + 1);
      if (text.charCodeAt(i) === 0x5d) i++;
      else
        for (;;) {
          const start = i;
          if (text.charCodeAt(i) !== 0x7b) fail(text, i, 'a record is not a JSON object');
          i = endOfValue(text, i);
          out.push(text.slice(start, i));
          i = skipWs(text, i);
          const c = text.charCodeAt(i);
          if (c === 0x2c) i = skipWs(text, i + 1);
          else if (c === 0x5d) {
            i++;
            break;
          } else fail(text, i, 'expected "," or "]" in Records');
        }
      records = out;
    } else {
      if (key === 'digestStartTime' || key === 'logFiles' || key === 'digestPublicKeyFingerprint') digest = true;
      i = endOfValue(text, i);
    }
    i = skipWs(text, i);
    const c = text.charCodeAt(i);
    if (c === 0x2c) {
      i = skipWs(text, i + 1);
      continue;
    }
    if (c === 0x7d) break;
    fail(text, i, 'expected "," or "}"');
  }
  if (skipWs(text, i + 1) < text.length) fail(text, skipWs(text, i + 1), 'unexpected data after the JSON object');
  if (records) return { kind: 'records', records };
  if (digest) return { kind: 'digest' };
  return { kind: 'not-cloudtrail', reason: 'the JSON object has no Records array' };
}

function fail(text: string, i: number, what: string): never {
  if (i >= text.length) throw new MalformedJsonError('the JSON is truncated (the file ends mid-record)');
  throw new MalformedJsonError(`invalid JSON at character ${i}: ${what}`);
}

function skipWs(text: string, i: number): number {
  while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the closing quote of the string starting at `i`. */
function endOfString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q < 0) fail(text, text.length, 'unterminated string');
    let bs = 0;
    for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) bs++;
    if (bs % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the JSON value starting at `i`. */
function endOfValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return endOfString(text, i);
  if (c !== 0x7b && c !== 0x5b) return endOfScalar(text, i);
  let depth = 0;
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x22) {
      j = endOfString(text, j);
      continue;
    }
    // Most bytes outside strings are punctuation or (pretty-printed) whitespace: test those
    // first and inline, before the rarer numbers and words.
    if (d === 0x3a || d === 0x2c || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) j++;
    else if (d === 0x7b || d === 0x5b) {
      depth++;
      j++;
    } else if (d === 0x7d || d === 0x5d) {
      depth--;
      j++;
      if (depth === 0) return j;
    } else if (WS.has(d)) j++;
    else j = endOfScalar(text, j);
  }
  fail(text, text.length, 'unbalanced brackets');
}

/** Index just past the number, true, false or null at `i`; anything else there is not JSON. */
function endOfScalar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const isNumber = c === 0x2d || isDigit(c);
  const j = isNumber ? endOfNumber(text, i) : i + wordLength(text, i);
  // `1e`, `01`, `nul` and `nullx` all stop short of a delimiter.
  if (j > i && isDelimiter(text.charCodeAt(j))) return j;
  const isLetter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  badToken(text, i, isNumber ? 'bad number' : isLetter ? 'unexpected word (expected true, false or null)' : 'unexpected character');
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The length of the true, false or null at `i`, or 0. */
function wordLength(text: string, i: number): number {
  return text.startsWith('true', i) ? 4 : text.startsWith('null', i) ? 4 : text.startsWith('false', i) ? 5 : 0;
}

/**
 * Index just past the longest JSON number at `i` (RFC 8259:
 * -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), or `i` if none starts there.
 */
function endOfNumber(text: string, i: number): number {
  let j = i;
  if (text.charCodeAt(j) === 0x2d) j++;
  if (text.charCodeAt(j) === 0x30) j++;
  else {
    const k = endOfDigits(text, j);
    if (k === j) return i;
    j = k;
  }
  if (text.charCodeAt(j) === 0x2e) {
    const k = endOfDigits(text, j + 1);
    if (k === j + 1) return i;
    j = k;
  }
  if ((text.charCodeAt(j) | 0x20) === 0x65 /* e or E */) {
    let k = j + 1;
    const s = text.charCodeAt(k);
    if (s === 0x2b || s === 0x2d) k++;
    const end = endOfDigits(text, k);
    if (end === k) return i;
    j = end;
  }
  return j;
}

function endOfDigits(text: string, i: number): number {
  let j = i;
  while (isDigit(text.charCodeAt(j))) j++;
  return j;
}

/** What may follow a number or word: `,`, `}`, `]`, whitespace, or the end (which fails as truncated later). */
function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || WS.has(c) || Number.isNaN(c);
}

function badToken(text: string, i: number, what: string): never {
  let j = i;
  while (j < text.length && !isDelimiter(text.charCodeAt(j)) && text.charCodeAt(j) !== 0x22) j++;
  // A token cut off by the end of the file (`{"n":1e`) is a truncated file, not a bad token.
  if (j >= text.length) fail(text, j, what);
  fail(text, i, `${what} ${JSON.stringify(text.slice(i, Math.max(j, i + 1)).slice(0, 20))}`);
}
