/**
 * What the SQL writes for a NULL key or principal in a grouped row (the `coalesce` in
 * top_principals.sql, principal_keys.sql, failures_by_principal_key.sql and failure_burst.sql), and the events
 * filter each such row opens: no event has "(unknown)" as its principal, so the row's events are
 * the ones that have none (`noKey=1`, `noPrincipal=1`).
 */
export const UNKNOWN_KEY = '(unknown key)';
export const UNKNOWN_PRINCIPAL = '(unknown)';

export const keyFilter = (k: string | null): { key: string } | { noKey: '1' } => (!k || k === UNKNOWN_KEY ? { noKey: '1' } : { key: k });

export const principalFilter = (p: string | null): { principal: string } | { noPrincipal: '1' } =>
  !p || p === UNKNOWN_PRINCIPAL ? { noPrincipal: '1' } : { principal: p };
