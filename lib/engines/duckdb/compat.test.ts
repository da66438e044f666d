import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './database';
import { createDuckdbEngine } from './engine';
import type { Engine } from '../types';

/** Each macro against the result Trino documents for the same call. */
let db: Database;
let engine: Engine;
beforeAll(async () => {
  db = await Database.open(':memory:');
  engine = createDuckdbEngine(db);
});
afterAll(() => db.close());

const one = async (sql: string, params: (string | number | null)[] = []) => (await engine.run(`SELECT ${sql} AS v`, params)).rows[0].v;

describe('Trino functions on DuckDB', () => {
  it.each([
    // Integer division truncates in Trino.
    ['7 / 2', 3],
    ["to_iso8601(from_iso8601_timestamp('2023-07-10T13:57:50+02:00'))", '2023-07-10T11:57:50.000Z'],
    // Trino keeps milliseconds (timestamp(3)): finer digits would make two engines disagree, and a
    // page cursor (milliseconds) skip the rest of its millisecond.
    ["to_iso8601(from_iso8601_timestamp('2026-11-20T08:00:00.123456Z'))", '2026-11-20T08:00:00.123Z'],
    ["from_iso8601_timestamp('2026-11-20T08:00:00.123456Z') = from_iso8601_timestamp('2026-11-20T08:00:00.123Z')", true],
    ['json_extract_scalar(\'{"a":{"b":1}}\', \'$.a.b\')', '1'],
    ['json_extract_scalar(\'{"a":{"b":1}}\', \'$.a\')', null],
    ["json_extract_scalar('{\"a\":[1]}', '$.a')", null],
    ['json_extract_scalar(\'{"a":"x"}\', \'$.missing\')', null],
    ["regexp_like('arn:aws:kms:x', '^arn:')", true],
    ["regexp_extract('abc', 'x')", null],
    ["regexp_extract('key/abc-1 x', 'key/[a-z0-9-]+')", 'key/abc-1'],
    ["regexp_extract('ab', '(a)(b)', 2)", 'b'],
    ['element_at([10, 20], 1)', 10],
    ['element_at([10, 20], 5)', null],
    ["day_of_week(from_iso8601_timestamp('2024-01-07T12:00:00Z'))", 7], // a Sunday
    ["day_of_week(from_iso8601_timestamp('2024-01-08T12:00:00Z'))", 1], // a Monday
    ["array_join(['a', 'b'], ', ')", 'a, b'],
    // Trino's json_format: the value's minified JSON text, keys in their order, no escaped slashes.
    [`json_format(json_extract('{"encryptionContext": {"b": "2", "a": "s3:/x"}}', '$.encryptionContext'))`, '{"b":"2","a":"s3:/x"}'],
    [`json_format(json_extract('{"encryptionContext": null}', '$.encryptionContext'))`, 'null'],
    ["to_unixtime(from_iso8601_timestamp('1970-01-02T00:00:00Z'))", 86400],
    ["split_part('arn:aws:kms:us-east-1:111122223333:key/x', ':', 5)", '111122223333'],
    ["date_trunc('hour', from_iso8601_timestamp('2024-01-07T13:45:10Z'))", '2024-01-07T13:00:00.000Z'],
  ])('%s', async (expr, expected) => {
    expect(await one(expr as string)).toEqual(expected);
  });

  it('binds parameters natively, so quotes in values never reach the SQL text', async () => {
    expect(await one('?', ["' OR 1=1 --"])).toBe("' OR 1=1 --");
  });

  it('reads timestamps in UTC whatever the offset', async () => {
    expect(await one("from_iso8601_timestamp('2024-01-01T00:30:00-01:00')")).toBe('2024-01-01T01:30:00.000Z');
  });
});
