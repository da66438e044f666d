import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { eventsPage, EventFilters, PAGE_SIZES } from './catalog/events';
import { bindQuery, defineQuery } from './define';
import { readSql } from './sql-files';

const page = (pageSize?: number) => ({ ...EventFilters.parse({}), from: new Date(0), to: new Date(1), cursor: null, ...(pageSize ? { pageSize } : {}) });

describe('bindQuery: a LIMIT from a closed set', () => {
  it('asks for one row past the page, and leaves the rest of the file untouched', () => {
    const file = readSql(eventsPage.file);
    expect(file.trimEnd().endsWith('LIMIT 1001')).toBe(true);
    for (const n of PAGE_SIZES) {
      const { sql } = bindQuery(eventsPage, page(n));
      expect(sql.trimEnd().endsWith(`LIMIT ${n + 1}`)).toBe(true);
      expect(sql.replace(/LIMIT \d+\s*$/, '')).toBe(file.replace(/LIMIT \d+\s*$/, ''));
    }
    expect(bindQuery(eventsPage, page()).sql).toBe(file);
  });

  it('refuses a size outside the set, whoever asks', () => {
    expect(() => bindQuery(eventsPage, page(37))).toThrow();
    const rogue = defineQuery({ ...eventsPage, limit: { ...eventsPage.limit!, rows: () => 5 } });
    expect(() => bindQuery(rogue, page(50))).toThrow(/LIMIT 5 is not one of/);
    const noTail = defineQuery({ name: 'x', file: 'events/event_raw.sql', params: z.object({}), row: z.object({}), args: () => [], limit: { default: 1001, allowed: [51], rows: () => 51 } });
    expect(() => bindQuery(noTail, {})).toThrow(/must end in LIMIT 1001/);
  });
});

describe('bindQuery: a page read the other way', () => {
  const cursor = (back: boolean) => ({ ...page(50), cursor: { ts: '2025-01-01T00:00:00Z', id: 'e1', back } });

  it('turns only the last ORDER BY line round, and binds the cursor to the newer-than slots', () => {
    const fwd = bindQuery(eventsPage, cursor(false));
    const back = bindQuery(eventsPage, cursor(true));
    expect(fwd.sql).toMatch(/ORDER BY event_ts DESC, eventid DESC\nLIMIT 51\s*$/);
    expect(back.sql).toMatch(/ORDER BY event_ts ASC, eventid ASC\nLIMIT 51\s*$/);
    expect(back.sql.replace(/ORDER BY[^\n]*\nLIMIT \d+\s*$/, '')).toBe(fwd.sql.replace(/ORDER BY[^\n]*\nLIMIT \d+\s*$/, ''));
    // The last eight values: older-than (ts, ts, ts, id), then newer-than.
    const keyset = ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'e1'];
    expect(fwd.args.slice(-8)).toEqual([...keyset, null, null, null, null]);
    expect(back.args.slice(-8)).toEqual([null, null, null, null, ...keyset]);
  });

  it('refuses a file that does not end in an ORDER BY … DESC line and its LIMIT', () => {
    const noOrder = defineQuery({
      name: 'x',
      file: 'events/event_raw.sql',
      params: z.object({}),
      row: z.object({}),
      args: () => [],
      reverse: () => true,
    });
    expect(() => bindQuery(noOrder, {})).toThrow(/ORDER BY … DESC/);
  });
});
