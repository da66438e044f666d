import 'server-only';
import crypto from 'node:crypto';

const g = globalThis as unknown as { __keytrailToken?: string };

/** A random token per server start; it only ever leaves the process through the owner-only server file. */
export function serverToken(): string {
  return (g.__keytrailToken ??= crypto.randomBytes(32).toString('base64url'));
}
