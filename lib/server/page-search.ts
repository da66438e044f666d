import 'server-only';
import type { z } from 'zod';
import { EngineError } from '../engines/types';
import { logError, redact } from '../redact';
import { BadRequestError, parseSearch, RangeSearch, resolveRange, type RawSearch, type ResolvedRange } from '../search-params';

/** A page's parsed URL state, or the message that says what in the URL is wrong. */
export type PageSearch<T> = { ok: true; search: T; range: ResolvedRange } | { ok: false; message: string; params: string[] };

export function pageSearch<T extends typeof RangeSearch>(schema: T, raw: RawSearch): PageSearch<z.output<T>> {
  try {
    const search = parseSearch(schema, raw);
    return { ok: true, search, range: resolveRange(search) };
  } catch (e) {
    if (e instanceof BadRequestError) return { ok: false, message: e.message, params: e.params };
    // The range as a whole is wrong (from after to, too long): all of what makes it.
    if (e instanceof RangeError) return { ok: false, message: e.message, params: ['range', 'from', 'to'] };
    throw e;
  }
}

/** Errors a panel may show (redacted: engine messages can quote credentials, lib/redact.ts); anything else is logged and summarised. */
export function panelMessage(e: unknown): string {
  if (e instanceof EngineError && e.kind !== 'internal') return redact(e.message);
  if (e instanceof BadRequestError || e instanceof RangeError) return e.message;
  logError('[keytrail] panel failed:', e);
  return 'an internal error occurred (see the server log).';
}
