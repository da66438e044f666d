import 'server-only';
import type { z } from 'zod';
import { BadRequestError, parseSearch, RangeSearch, resolveRange, type RawSearch, type ResolvedRange } from '../search-params';

/** What in a page's URL is wrong: the message, and the parameters at fault (so the notice can offer to drop just those). */
export type UrlProblem = { ok: false; message: string; params: string[] };

/** A page's parsed URL state, or what in the URL is wrong. */
export type UrlSearch<T> = { ok: true; search: T } | UrlProblem;

/**
 * The same for a page with a time range. A bad URL still gets a range, the default one: the page
 * keeps its header and range picker, so the user can fix the URL with the page's own controls
 * (components/page-body.tsx shows the notice where the panels would be).
 */
export type PageSearch<T> = UrlSearch<T> & { range: ResolvedRange };

export function urlSearch<T extends z.ZodType>(schema: T, raw: RawSearch): UrlSearch<z.output<T>> {
  try {
    return { ok: true, search: parseSearch(schema, raw) };
  } catch (e) {
    if (e instanceof BadRequestError) return { ok: false, message: e.message, params: e.params };
    throw e;
  }
}

const RANGE_PARAMS = ['range', 'from', 'to'];

export function pageSearch<T extends typeof RangeSearch>(schema: T, raw: RawSearch, now = new Date()): PageSearch<z.output<T>> {
  const s = urlSearch(schema, raw);
  // The range a URL without range parameters gets (the default preset).
  const first = (v: RawSearch[string]) => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));
  // A stand-in range, marked so when the link's own is what is wrong: the header must not present it as the range asked for.
  const fallback = (params: string[]) => {
    const r = resolveRange(RangeSearch.parse({}), now);
    return params.some((p) => RANGE_PARAMS.includes(p))
      ? { ...r, preset: null, notApplied: { from: first(raw.from), to: first(raw.to) } }
      : r;
  };
  if (!s.ok) return { ...s, range: fallback(s.params) };
  try {
    return { ...s, range: resolveRange(s.search, now) };
  } catch (e) {
    // The range as a whole is wrong (from after to, too long): all of what makes it.
    if (e instanceof RangeError) return { ok: false, message: e.message, params: RANGE_PARAMS, range: fallback(RANGE_PARAMS) };
    throw e;
  }
}

export { panelMessage } from '../panel-message';
