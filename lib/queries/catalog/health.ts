import { z } from 'zod';
import { defineQuery } from '../define';
import { Count, Iso, Window, windowArgs } from './shared';

export const sources = defineQuery({
  name: 'sources',
  file: 'health/sources.sql',
  params: Window,
  row: z.object({ account: z.string().nullable(), region: z.string().nullable(), events: Count, latestEvent: Iso }),
  args: (p) => [p.from.toISOString(), p.to.toISOString()],
});

export const dailyCounts = defineQuery({
  name: 'daily_counts',
  file: 'health/daily_counts.sql',
  params: Window,
  row: z.object({ day: Iso, count: Count }),
  args: windowArgs,
});

export const rangeSpan = defineQuery({
  name: 'range_span',
  file: 'health/range_span.sql',
  params: Window,
  row: z.object({ firstEvent: Iso.nullable(), lastEvent: Iso.nullable() }),
  args: windowArgs,
});

export const storeSpan = defineQuery({
  name: 'store_span',
  file: 'overview/store_span.sql',
  params: z.object({}),
  row: z.object({ events: Count, firstEvent: Iso.nullable(), lastEvent: Iso.nullable(), keys: Count }),
  args: () => [],
});
