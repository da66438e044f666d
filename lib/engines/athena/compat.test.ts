import { describe, expect, it } from 'vitest';
import { readSql } from '../../queries/sql-files';
import { athenaViewDdl } from './compat';

describe('the kms_events view for Athena', () => {
  it('wraps the same derivation DuckDB runs at ingest', () => {
    const ddl = athenaViewDdl('cloudtrail_logs');
    expect(ddl.startsWith('CREATE OR REPLACE VIEW kms_events AS')).toBe(true);
    expect(ddl).toContain(readSql('views/kms_events.sql').trim());
    expect(ddl).toContain('CAST(NULL AS varchar) AS raw');
  });

  it('points at another table name, and refuses a hostile one', () => {
    expect(athenaViewDdl('trail_logs')).toContain('FROM trail_logs');
    expect(() => athenaViewDdl('x; DROP TABLE y')).toThrow(/Invalid/);
  });
});
