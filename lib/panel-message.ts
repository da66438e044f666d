import { EngineError } from './engines/types';
import { logError, redact } from './redact';
import { BadRequestError } from './search-params';

/**
 * What a panel, a findings rule or an event's raw record may show of its failure: an engine's
 * message the user can act on (a setting, a throttle), redacted (engine messages can quote
 * credentials, lib/redact.ts); anything else is logged and summarised, never shown.
 */
export function panelMessage(e: unknown): string {
  if (e instanceof EngineError && e.kind !== 'internal') return redact(e.message);
  if (e instanceof BadRequestError || e instanceof RangeError) return e.message;
  logError('[keytrail] panel failed:', e);
  return 'an internal error occurred (see the server log).';
}
