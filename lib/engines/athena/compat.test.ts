import { describe, expect, it } from 'vitest';
import { asSubquery, readSql } from '../../queries/sql-files';
import { athenaViewDdl } from './compat';

const view = asSubquery(readSql('views/kms_events.sql'));

describe('the kms_events view for Athena', () => {
  it('is the same derivation DuckDB runs at ingest, unchanged for the default table', () => {
    const ddl = athenaViewDdl('cloudtrail_logs');
    expect(ddl.startsWith('CREATE OR REPLACE VIEW kms_events AS\n')).toBe(true);
    expect(ddl).toContain(view);
    expect(athenaViewDdl()).toBe(ddl);
    expect(ddl).not.toMatch(/;\s*\) AS v$/);
  });

  it('adds the columns only the local store has, as NULL, so event_raw.sql still runs', () => {
    const ddl = athenaViewDdl('cloudtrail_logs');
    expect(ddl).toContain('CAST(NULL AS varchar) AS raw');
    expect(ddl).toContain('CAST(NULL AS varchar) AS source_file');
    const rawQuery = readSql('events/event_raw.sql');
    expect(rawQuery).toMatch(/\braw\b/);
    expect(rawQuery).toMatch(/\bsource_file\b/);
  });

  it('reads another table when configured, and only the FROM changes', () => {
    const ddl = athenaViewDdl('org_trail');
    expect(ddl).toContain('FROM org_trail\n');
    expect(ddl).not.toMatch(/FROM cloudtrail_logs\b/);
    expect(ddl.replace('FROM org_trail', 'FROM cloudtrail_logs')).toBe(athenaViewDdl('cloudtrail_logs'));
  });

  it.each(['x; DROP TABLE y', 'trail logs', 'db.table', 'Trail', '`t`', '"t"', '', 'cloudtrail_logs -- x'])('refuses %j', (t) => {
    expect(() => athenaViewDdl(t)).toThrow(/Invalid table name/);
  });
});
