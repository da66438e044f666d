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
