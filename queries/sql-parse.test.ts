import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The Trino-only build loads in a fraction of the full package's time.
import { Parser } from 'node-sql-parser/build/trino';

/**
 * Every query file must be Trino SQL that Athena accepts. node-sql-parser reads
 * most of it; the forms it cannot read are listed here, each with its reason.
 */
const ALLOW: Record<string, string> = {
  'ddl/cloudtrail_table.sql':
    "Hive DDL (CREATE EXTERNAL TABLE … ROW FORMAT SERDE …), not a query, with {placeholders} that npm run athena:ddl fills in",
  'views/kms_events.sql':
    'dereferences a row returned by a function, element_at(filter(resources, …), 1).arn, which Trino accepts and the parser does not',
};

const dir = __dirname;
const files = (function walk(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
})(dir)
  .filter((f) => f.endsWith('.sql'))
  .map((f) => path.relative(dir, f));

describe('query files', () => {
  const parser = new Parser();

  it.each(files)('%s parses as Trino SQL (or is allow-listed with a reason)', (f) => {
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    const parse = () => parser.astify(sql, { database: 'trino' });
    if (ALLOW[f]) expect(parse).toThrow();
    else expect(parse).not.toThrow();
  });

  it.each(files)('%s has a header that lists its params, and stays short', (f) => {
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    expect(sql.startsWith(`-- ${path.basename(f, '.sql')}:`)).toBe(true);
    expect(sql).toMatch(/^-- Params/m);
    expect(sql.split('\n').length).toBeLessThanOrEqual(90);
    // Values are bound, never spliced: no template markers in the text.
    expect(sql).not.toMatch(/\$\{|\{\{/);
    // A ? in a comment would shift every placeholder after it.
    for (const line of sql.split('\n')) if (line.trimStart().startsWith('--')) expect(line).not.toContain('?');
  });

  it('the allow-list names only files that exist', () => {
    for (const f of Object.keys(ALLOW)) expect(files).toContain(f);
  });
});
