import { EngineError, type SqlValue } from '../types';

/**
 * The one function that renders ExecutionParameters values. Athena inserts each
 * value as SQL literal text in place of its `?`, so strings carry their own
 * quotes, with any quote inside doubled (Trino has no backslash escapes: a
 * backslash is just a character). Each value must be 1–1024 characters.
 * Control characters other than tab, newline and carriage return are refused:
 * no KMS identifier or filter contains them, and they have no safe literal form
 * in every client that logs or displays the query.
 */
export const MAX_PARAMETER_LENGTH = 1024;

export function toAthenaLiteral(v: SqlValue): string {
  let out: string;
  if (v === null) out = 'NULL';
  else if (typeof v === 'boolean') out = v ? 'true' : 'false';
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new EngineError('user', `A query parameter must be a finite number, not ${v}.`, { reason: 'parameter' });
    out = Number.isInteger(v) ? String(v) : `DOUBLE '${v}'`;
  } else {
    // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) throw new EngineError('user', 'A query parameter contains a control character.', { reason: 'parameter' });
    out = `'${v.replace(/'/g, "''")}'`;
  }
  if (out.length > MAX_PARAMETER_LENGTH)
    throw new EngineError('user', `A query parameter is too long for Athena (${out.length} characters as a literal; at most ${MAX_PARAMETER_LENGTH}).`, {
      reason: 'parameter',
    });
  return out;
}
