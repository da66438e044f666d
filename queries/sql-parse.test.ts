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

/** The AST keys of a query's clauses: a ? belongs to the nearest one above it. */
const CLAUSES = new Set(['columns', 'where', 'having', 'groupby', 'orderby', 'from', 'on', 'using', 'limit', 'window', 'over', 'partitionby']);

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
    // ~80 lines of SQL (the comments that say why are not counted against it), and a bound on the whole.
    const lines = sql.split('\n');
    expect(lines.filter((l) => l.trim() && !l.trimStart().startsWith('--')).length).toBeLessThanOrEqual(80);
    expect(lines.length).toBeLessThanOrEqual(100);
    // Values are bound, never spliced: no template markers in the text.
    expect(sql).not.toMatch(/\$\{|\{\{/);
    // A ? in a comment would shift every placeholder after it.
    for (const line of sql.split('\n')) if (line.trimStart().startsWith('--')) expect(line).not.toContain('?');
  });

  it.each(files.filter((f) => !ALLOW[f]))('%s takes its parameters in WHERE clauses only, as Athena requires', (f) => {
    // Athena's ExecutionParameters work only in a WHERE clause (docs/athena.md): a ? in a select
    // list, a HAVING, a window or a join condition runs on DuckDB and fails on Athena.
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    const outside: string[] = [];
    let found = 0;
    (function walk(node: unknown, clause: string): void {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n) => walk(n, clause));
      const n = node as Record<string, unknown>;
      if (n.type === 'origin' && n.value === '?') {
        found++;
        if (clause !== 'where') outside.push(clause);
        return;
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'loc') walk(v, CLAUSES.has(k) ? k : clause);
    })(parser.astify(sql, { database: 'trino' }), 'statement');
    expect(outside).toEqual([]);
    // Every ? of the text was seen (none hidden from the walk in a form it does not know).
    expect(found).toBe(sql.split('\n').map((l) => l.replace(/--.*$/, '').split('?').length - 1).reduce((a, b) => a + b, 0));
  });

  it('the allow-list names only files that exist', () => {
    for (const f of Object.keys(ALLOW)) expect(files).toContain(f);
  });
});
