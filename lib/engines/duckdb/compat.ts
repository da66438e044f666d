/**
 * The DuckDB side of "one SQL, two engines": per-connection settings and TEMP
 * macros that give DuckDB the Trino (Athena) functions our queries use.
 * TEMP macros are per connection, and only TEMP macros may shadow built-ins
 * (`element_at` exists in DuckDB but only for maps).
 *
 * Every macro here must behave like its Trino namesake on the inputs our
 * queries pass; compat.test.ts pins each one against Trino's documented results.
 */
export const COMPAT_SETTINGS = [
  // Trino compares and truncates timestamps in UTC; so must we.
  "SET TimeZone = 'UTC'",
  // Trino: 7/2 = 3. DuckDB's default would silently give 3.5.
  'SET integer_division = true',
] as const;

export const COMPAT_MACROS = [
  // from_iso8601_timestamp('2023-07-10T13:57:50+02:00') keeps the offset by going through TIMESTAMPTZ.
  // Deviation: a malformed string gives NULL here (Trino raises), so one bad record cannot fail a batch.
  // Milliseconds, as Trino's timestamp(3): finer digits would differ from Athena and defeat page cursors.
  "CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS CAST(date_trunc('millisecond', TRY_CAST(s AS TIMESTAMPTZ)) AS TIMESTAMP)",
  // Trino's to_iso8601 on a timestamp: 2023-07-10T11:57:50.000Z
  "CREATE OR REPLACE TEMP MACRO to_iso8601(t) AS strftime(CAST(t AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')",
  // Trino returns NULL for objects and arrays; DuckDB's json_extract_string would return their text.
  `CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS
     CASE WHEN json_type(CAST(j AS JSON), p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END`,
  'CREATE OR REPLACE TEMP MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  // Trino gives NULL when nothing matches; DuckDB's built-in gives ''.
  `CREATE OR REPLACE TEMP MACRO regexp_extract(s, p) AS
     CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p) END,
   (s, p, g) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p, g) END`,
  // Trino: NULL for an index past the end (resources[1] would raise on an empty array).
  'CREATE OR REPLACE TEMP MACRO element_at(l, i) AS CASE WHEN i > 0 THEN list_extract(l, i) ELSE NULL END',
  // Trino: 1 = Monday … 7 = Sunday (ISO).
  'CREATE OR REPLACE TEMP MACRO day_of_week(t) AS isodow(t)',
  'CREATE OR REPLACE TEMP MACRO approx_distinct(x) AS approx_count_distinct(x)',
  'CREATE OR REPLACE TEMP MACRO to_unixtime(t) AS epoch(t)',
  'CREATE OR REPLACE TEMP MACRO from_unixtime(s) AS CAST(to_timestamp(s) AS TIMESTAMP)',
  'CREATE OR REPLACE TEMP MACRO array_join(l, sep) AS array_to_string(l, sep)',
  // Trino serialises a JSON value to its text; DuckDB's JSON type casts to the same minified text.
  'CREATE OR REPLACE TEMP MACRO json_format(j) AS CAST(j AS VARCHAR)',
] as const;
