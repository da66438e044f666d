import 'server-only';
import type { RunOptions } from '../engines/types';
import * as Q from '../queries/catalog';
import { runQuery } from '../queries/define';
import type { ResolvedRange } from '../search-params';
import { getStore } from './store';

/** Failure views: weekday × hour, principal × key, day × error code. */
const engine = async () => (await getStore()).engine;

export async function failuresByHour(f: { keyArn?: string | null; principal?: string | null }, r: ResolvedRange, opts?: RunOptions) {
  return runQuery(
    await engine(),
    Q.failuresByHour,
    { keyArn: f.keyArn ?? null, principal: f.principal ?? null, from: r.from, to: r.to },
    opts,
  );
}

/** The API's shape: one cell per weekday × hour with failures, all classes summed. */
export function heatmapCells(rows: { weekday: number; hour: number; count: number }[]) {
  const m = new Map<string, { weekday: number; hour: number; count: number }>();
  for (const r of rows) {
    const k = `${r.weekday}:${r.hour}`;
    const c = m.get(k) ?? { weekday: r.weekday, hour: r.hour, count: 0 };
    c.count += r.count;
    m.set(k, c);
  }
  return [...m.values()].sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}

/** How many (principal, key) pairs the failures page's grid and its export hold: the most failures first. */
export const FAILURE_PAIRS_LISTED = 200;

export async function failuresByPrincipalKey(r: ResolvedRange, limit: number, opts?: RunOptions) {
  return runQuery(await engine(), Q.failuresByPrincipalKey, { from: r.from, to: r.to, limit }, opts);
}

export async function failuresByDay(keyArn: string | null, r: ResolvedRange, opts?: RunOptions) {
  return runQuery(await engine(), Q.failuresByDay, { keyArn, from: r.from, to: r.to }, opts);
}
