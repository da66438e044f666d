import { EngineError, type SqlValue } from '../types';

/**
 * The one function that renders ExecutionParameters values.
 *
 * Athena binds each value to its `?` as SQL literal text, so the value must be
 * a complete literal: strings carry their own single quotes, with any quote
 * inside doubled. Trino has no backslash escapes (a backslash is just a
 * character), so nothing else is escaped. Each value must be 1–1024 characters
 * (Athena's API limit, counted here in UTF-16 code units like the service's
 * validator, so an emoji counts two: never more lenient than Athena).
 */
export const MAX_PARAMETER_LENGTH = 1024;

/**
 * Refused in strings: C0 controls except tab and newline, DEL and C1 controls.
 * No value KeyTrail binds (ARNs, key ids, aliases, account ids, ISO dates,
 * event ids, search text) contains them; they are invisible in Athena's query
 * history and in logs, so a value carrying them is a mistake or an attempt to
 * hide something, and NUL truncates text in some C-based tools that read the
 * history. Carriage return is refused too: nothing needs it, and it can make a
 * logged line overwrite itself.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** A lone UTF-16 surrogate cannot be sent as UTF-8: Athena would get a replacement character, not the value. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function refuse(message: string): never {
  throw new EngineError('user', message, { reason: 'parameter' });
}

export function toAthenaLiteral(v: SqlValue): string {
  let out: string;
  if (v === null) out = 'NULL';
  else if (typeof v === 'boolean') out = v ? 'true' : 'false';
  else if (typeof v === 'number') out = numberLiteral(v);
  else if (typeof v === 'string') {
    if (CONTROL.test(v)) refuse('A query parameter contains a control character (only tab and newline are allowed).');
    if (LONE_SURROGATE.test(v)) refuse('A query parameter is not valid Unicode text.');
    out = `'${v.replace(/'/g, "''")}'`;
  } else {
    // SqlValue is a closed type, but callers' casts (`as never`) can smuggle anything in.
    refuse(`A query parameter must be a string, number, boolean or null, not ${typeof v}.`);
  }
  if (out.length > MAX_PARAMETER_LENGTH)
    refuse(`A query parameter is too long for Athena (${out.length} characters as a literal; at most ${MAX_PARAMETER_LENGTH}).`);
  return out;
}

/**
 * Safe integers are plain integer literals (Trino types them integer or bigint).
 * Anything else finite is a DOUBLE literal: a JS number is a double, and a bare
 * `1.5` would be a DECIMAL in Trino, while an integer past 2^53 printed in full
 * could overflow bigint ("Invalid numeric literal"). The `DOUBLE '…'` form takes
 * JS's shortest round-trip text (including `1e+21`, `5e-324`) exactly.
 */
function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) refuse(`A query parameter must be a finite number, not ${v}.`);
  if (Number.isSafeInteger(v)) return String(v); // String(-0) is "0"
  return `DOUBLE '${String(v)}'`;
}
