import type { DuckDBConnection } from '@duckdb/node-api';
import { FAILING_RECORDS_SQL, RECORD_CHECK_DDL, RECORD_PARSE_SQL } from './staging';

/**
 * One record DuckDB's JSON parser rejects fails its whole file's load, and the file's other
 * records with it. The splitter (split-records.ts) has already checked the file is JSON, so
 * what is left is what JSON.parse accepts and DuckDB does not: chiefly a lone UTF-16 surrogate
 * escape (`\ud800` without its pair), which a caller can put in a field CloudTrail logs as given
 * (an encryption context, a user agent). One such call must not hide the rest of a delivery file.
 */

/** Every JSON escape, in order: `\\` is consumed whole, so the `u` after it starts no escape. */
const ESCAPE = /\\(?:u([0-9a-fA-F]{4})|[\s\S])/g;

/**
 * The record's text with each lone surrogate escape replaced by `\ufffd` (what a decoder puts in
 * place of a character it cannot read); pairs are kept. The text is unchanged when there is none.
 */
export function replaceLoneSurrogates(text: string): string {
  const units = [...text.matchAll(ESCAPE)].filter((m) => m[1]).map((m) => ({ at: m.index, code: parseInt(m[1], 16) }));
  const lone: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const { at, code } = units[i];
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = units[i + 1];
      if (next && next.at === at + 6 && next.code >= 0xdc00 && next.code <= 0xdfff) i++;
      else lone.push(at);
    } else if (code >= 0xdc00 && code <= 0xdfff) lone.push(at);
  }
  let out = '';
  let from = 0;
  for (const at of lone) {
    out += text.slice(from, at) + '\\ufffd';
    from = at + 6;
  }
  return out + text.slice(from);
}

export interface CheckedRecords {
  /** The records to load: every one DuckDB reads, some repaired (lone surrogates replaced). */
  keep: number[];
  records: string[];
  /** Records DuckDB cannot read even repaired: their place in the list and DuckDB's reason. */
  bad: { at: number; reason: string }[];
}

/**
 * Which of a file's records DuckDB reads, found in one statement (TRY gives NULL for a record it
 * rejects); each rejected one is repaired if it can be, or kept out with DuckDB's reason.
 * The stored event keeps pointing at the delivery file, whose bytes the event page shows.
 */
export async function checkRecords(c: DuckDBConnection, records: readonly string[]): Promise<CheckedRecords> {
  await c.run(RECORD_CHECK_DDL);
  const a = await c.createAppender('record_check', 'main', 'temp');
  records.forEach((r, i) => {
    a.appendInteger(i);
    a.appendVarchar(r);
    a.endRow();
  });
  a.closeSync();
  const failing = new Set((await c.runAndReadAll(FAILING_RECORDS_SQL)).getRowsJS().map((r) => Number(r[0])));
  await c.run('DROP TABLE temp.record_check');
  const out: CheckedRecords = { keep: [], records: [], bad: [] };
  for (const [i, text] of records.entries()) {
    let r = text;
    if (failing.has(i)) {
      const fixed = replaceLoneSurrogates(text);
      const reason = fixed === text ? await whyNot(c, text) : (await whyNot(c, fixed)) && (await whyNot(c, text));
      if (reason) {
        out.bad.push({ at: i, reason });
        continue;
      }
      r = fixed;
    }
    out.keep.push(i);
    out.records.push(r);
  }
  return out;
}

/** DuckDB's reason for rejecting the record, or '' when it reads it. */
async function whyNot(c: DuckDBConnection, text: string): Promise<string> {
  try {
    await c.run(RECORD_PARSE_SQL, [text]);
    return '';
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split('\n')[0];
  }
}
