import { z } from 'zod';
import { autoBucket, BUCKETS, parseUtcText, wholeDaysAround, type Bucket } from './time';

/**
 * The URL is the state. Pages, API routes and the filter controls all parse
 * search params with these schemas, so a shared link means the same thing everywhere.
 */
export const PRESETS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;
export type Preset = keyof typeof PRESETS;
export const DEFAULT_PRESET: Preset = '7d';
export const MAX_RANGE_MS = 400 * 86_400_000;

const IsoDate = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const d = parseUtcText(s);
    if (d) return d;
    ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z' });
    return z.NEVER;
  });

export const RangeSearch = z.object({
  range: z.enum(Object.keys(PRESETS) as [Preset, ...Preset[]]).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  bucket: z.enum(['auto', ...BUCKETS]).default('auto'),
});

export interface ResolvedRange {
  from: Date;
  to: Date;
  bucket: Bucket;
  preset: Preset | null;
  /**
   * The link's own range could not be used (a date that is none, a start after its end): this one
   * is a stand-in that nothing is shown for. The range picker shows the link's text to correct.
   */
  notApplied?: { from: string | null; to: string | null };
}

/** Turns the URL's range into concrete UTC instants; presets end now, rounded up to the minute. */
export function resolveRange(s: z.output<typeof RangeSearch>, now = new Date()): ResolvedRange {
  let from: Date;
  let to: Date;
  let preset: Preset | null = null;
  if (s.from || s.to) {
    to = s.to ?? now;
    from = s.from ?? new Date(to.getTime() - PRESETS[DEFAULT_PRESET]);
  } else {
    preset = s.range ?? DEFAULT_PRESET;
    to = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
    from = new Date(to.getTime() - PRESETS[preset]);
  }
  // Plain words: the page shows this as text. The times are named as the boxes show them.
  if (from.getTime() >= to.getTime())
    throw new RangeError(`The start of the range (from, ${from.toISOString()}) must be before its end (to, ${to.toISOString()}).`);
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw new RangeError('the range may span at most 400 days');
  const bucket = s.bucket === 'auto' ? autoBucket(from.getTime(), to.getTime()) : s.bucket;
  return { from, to, bucket, preset };
}

/** Search params as a plain record of single values (arrays kept, so `one` can reject them). */
export type RawSearch = Record<string, string | string[] | undefined>;

/** A page's search params back as a query string's parts: its single values (a repeated one is no state to keep). */
export function toUrlSearchParams(raw: RawSearch): URLSearchParams {
  return new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

export function fromUrlSearchParams(sp: URLSearchParams): RawSearch {
  // Object.fromEntries defines own properties: `out[k] = …` with k = "__proto__" would set the
  // object's prototype instead (to an array, for a repeated one), hiding it from the checks below.
  return Object.fromEntries(
    [...new Set(sp.keys())].map((k) => {
      const all = sp.getAll(k);
      return [k, all.length > 1 ? all : all[0]];
    }),
  );
}

export class BadRequestError extends Error {
  /** The URL parameters at fault, so a page can offer to drop just those. */
  constructor(
    message: string,
    readonly params: string[] = [],
  ) {
    super(message);
  }
}

/** Zod's wording made plain: 'Invalid option: expected one of "auto"|"hour"|"day"' → 'must be one of auto, hour, day'. */
function plain(message: string): string {
  const oneOf = /^Invalid option: expected one of (.+)$/.exec(message);
  if (oneOf)
    return `must be one of ${oneOf[1]
      .split('|')
      .map((o) => o.replace(/^"|"$/g, ''))
      .join(', ')}`;
  return message.replace(/^Invalid input: /, '');
}

/**
 * A dynamic path segment (`[key]`, `[eventId]`). Next.js hands it over already
 * decoded; links encode it once more (a key ARN holds "/"), so it is decoded
 * again here. A segment that is not valid percent-encoding after that (a
 * literal "%", e.g. from `%25`) is taken as written instead of failing the
 * request with a URIError (a 500).
 */
export function decodePathParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Parse raw search params with a schema; every problem becomes one clear 400 message. */
export function parseSearch<T extends z.ZodType>(schema: T, raw: RawSearch): z.output<T> {
  for (const [k, v] of Object.entries(raw)) if (Array.isArray(v)) throw new BadRequestError(`Parameter "${k}" must be given once.`, [k]);
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new BadRequestError(
      r.error.issues.map((i) => `Parameter "${i.path.join('.') || '?'}" ${plain(i.message)}`).join('; '),
      r.error.issues.map((i) => String(i.path[0] ?? '')).filter(Boolean),
    );
  }
  return r.data;
}

/** The range part of a URL, kept relative when it is a preset (so "last 7d" stays last 7d). */
/** The URL parameters that make the time range (kept across pages by the main menu). */
export const RANGE_PARAMS = ['range', 'from', 'to', 'bucket'] as const;

/**
 * The range parameters of a URL that parse, as written: what links to other pages carry (the
 * main menu, a not-found page's links). A bad one stays behind, so it does not break the next page too.
 */
export function goodRangeParams(sp: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of RANGE_PARAMS) {
    const v = sp.get(k);
    if (v !== null && RangeSearch.shape[k].safeParse(v).success) q.set(k, v);
  }
  return q;
}

export function rangeQuery(s: z.output<typeof RangeSearch>): URLSearchParams {
  const q = new URLSearchParams();
  if (s.from || s.to) {
    if (s.from) q.set('from', s.from.toISOString());
    if (s.to) q.set('to', s.to.toISOString());
  } else if (s.range) q.set('range', s.range);
  if (s.bucket !== 'auto') q.set('bucket', s.bucket);
  return q;
}

/**
 * The range a page's panels were computed for, as instants (and the bucket, when one was chosen):
 * what their links carry, so a count opens exactly the events it counted, and a key's row opens its
 * page over the window the row summed. A preset resolved again on the next page, a minute later,
 * would be another window. The main menu keeps the preset (goodRangeParams): moving between pages,
 * "last 7 days" stays the last 7 days.
 */
export function shownRangeQuery(s: z.output<typeof RangeSearch>, r: ResolvedRange): URLSearchParams {
  const q = new URLSearchParams({ from: r.from.toISOString(), to: r.to.toISOString() });
  if (s.bucket !== 'auto') q.set('bucket', s.bucket);
  return q;
}

export function withQuery(path: string, ...parts: (URLSearchParams | Record<string, string | null | undefined>)[]): string {
  const q = new URLSearchParams();
  for (const part of parts) {
    const entries = part instanceof URLSearchParams ? [...part.entries()] : Object.entries(part);
    for (const [k, v] of entries) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The range that holds events from `first` to `last` (whole UTC days, so a link opens on readable
 * buckets), cut to its latest MAX_RANGE_MS when longer: a page takes no longer range.
 */
export function spanOf(first: string, last: string): { from: string; to: string } {
  const { from, to } = wholeDaysAround(first, last);
  const toMs = Date.parse(to);
  return { from: new Date(Math.max(Date.parse(from), toMs - MAX_RANGE_MS)).toISOString(), to };
}
