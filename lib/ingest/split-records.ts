/**
 * Splits one CloudTrail delivery file's text into the raw text of each record,
 * byte for byte as CloudTrail wrote it, so the event page can show the original.
 * It checks structure (balanced brackets, strings, the Records array) but not
 * every literal: DuckDB parses each record afterwards and the batch falls back
 * to file-by-file if a record is malformed.
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
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const d = text.charCodeAt(j);
      if (d === 0x22) {
        j = endOfString(text, j);
        continue;
      }
      if (d >= 0x61 && d <= 0x7a) {
        // Outside strings the only words JSON allows are true, false and null.
        const w = text.startsWith('true', j) ? 4 : text.startsWith('null', j) ? 4 : text.startsWith('false', j) ? 5 : 0;
        if (!w) fail(text, j, 'unexpected word (expected true, false or null)');
        j += w;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d || d === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    fail(text, text.length, 'unbalanced brackets');
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || WS.has(d)) break;
    j++;
  }
  const lit = text.slice(i, j);
  if (!/^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(lit)) fail(text, i, `bad literal ${JSON.stringify(lit.slice(0, 20))}`);
  return j;
}
