import path from 'node:path';
import { type FuzzRequest } from './routes';

// ---------------------------------------------------------------------------
// What the request means, parsed here by the documented rules
// ---------------------------------------------------------------------------

export interface Model {
  /** Some parameter is given more than once: the request must fail before any query. */
  repeated: boolean;
  from: Date | null;
  to: Date | null;
  bucket: 'hour' | 'day' | null;
  keyRef: string | null;
  noKey: boolean;
  noPrincipal: boolean;
  principal: string | null;
  principalContains: string | null;
  accessKeyId: string | null;
  context: string | null;
  userAgent: string | null;
  eventName: string | null;
  errorCode: string | null;
  sourceIp: string | null;
  account: string | null;
  keyAccount: string | null;
  region: string | null;
  errorClass: string | null;
  weekday: number | null;
  hour: number | null;
  limit: number | null;
  /** `back`: a previous page's cursor (`b: 1`), which reads the rows newer than it. */
  cursor: { ts: string; id: string; back: boolean } | null;
  eventId: string | null;
  near: Date | null;
  panel: string | null;
  /** How contexts are ranked: `order` on the contexts route, `contextsOrder` on the export. */
  order: string | null;
}

/** ISO-8601 as the API documents it: a date, or a date and time; without a zone, UTC. */
export function parseIso(s: string): Date | null {
  const t = s.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
  if (!m) return null;
  const [, day, time, zone] = m;
  const ms = Date.parse(time ? `${day}T${time}${zone ?? 'Z'}` : `${day}T00:00:00${zone ?? 'Z'}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const pathDecoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function model(req: FuzzRequest): Model {
  const sp = req.url.searchParams;
  const repeated = [...new Set(sp.keys())].some((k) => sp.getAll(k).length > 1);
  const one = (k: string) => sp.get(k);
  const text = (k: string) => {
    const v = one(k)?.trim();
    return v ? v : null;
  };
  const from = one('from') === null ? null : parseIso(one('from')!);
  const to = one('to') === null ? null : parseIso(one('to')!);
  const b = one('bucket');
  const bucket = b === 'hour' || b === 'day' ? b : from && to ? (to.getTime() - from.getTime() <= 3 * 86_400_000 ? 'hour' : 'day') : null;
  let cursor: Model['cursor'] = null;
  if (one('cursor') !== null) {
    try {
      const c = JSON.parse(Buffer.from(one('cursor')!, 'base64url').toString('utf8')) as { ts: string; id: string; b?: number };
      cursor = { ts: c.ts, id: c.id, back: c.b === 1 };
    } catch {
      cursor = null;
    }
  }
  const num = (k: string) => (one(k) === null ? null : Number(one(k)));
  const p = req.route.path;
  return {
    repeated,
    from,
    to,
    bucket,
    keyRef: p === 'key' && req.pathValue !== null ? pathDecoded(req.pathValue) : text('key'),
    noKey: one('noKey') === '1',
    noPrincipal: one('noPrincipal') === '1',
    principal: text('principal'),
    principalContains: text('principalContains'),
    accessKeyId: text('accessKeyId'),
    context: text('context'),
    userAgent: text('userAgent'),
    eventName: text('eventName'),
    errorCode: text('errorCode'),
    sourceIp: text('sourceIp'),
    account: one('account'),
    keyAccount: one('keyAccount'),
    region: one('region'),
    errorClass: one('errorClass'),
    weekday: num('weekday'),
    hour: num('hour'),
    limit: num('limit'),
    cursor,
    eventId: p === 'eventId' && req.pathValue !== null ? pathDecoded(req.pathValue) : null,
    near: one('t') === null ? null : new Date(one('t')!),
    panel: p === 'panel' ? req.pathValue : null,
    order: one(p === 'panel' ? 'contextsOrder' : 'order'),
  };
}
