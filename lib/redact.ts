import { inspect } from 'node:util';

/**
 * Secrets never reach a log line or a browser: every error text KeyTrail logs
 * or shows passes through `redact` first. Error texts can carry secrets
 * KeyTrail never put there itself. AWS's InvalidSignatureException, for one,
 * quotes the canonical request it expected, and that includes the
 * `x-amz-security-token` header; an identity provider may echo the client's
 * credentials in an error description.
 */

/** Environment variables whose values are secrets, by name. */
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_KEY|CREDENTIAL|API_KEY|ACCESS_KEY/i;
/** Shorter values would blot out ordinary words and numbers; no real secret is this short. */
const MIN_SECRET_LENGTH = 8;

/** Credentials recognisable by their shape, wherever they came from (AWS profiles and SSO never pass through the environment). */
const SHAPES: [RegExp, string][] = [
  // SigV4 canonical requests (header form) and presigned URLs (query form).
  [/(x-amz-security-token\s*[:=]\s*)[^\s'"&\\]+/gi, '$1[redacted]'],
  [/(x-amz-access-token\s*[:=]\s*)[^\s'"&\\]+/gi, '$1[redacted]'],
  // HTTP Authorization values (client_secret_basic, bearer tokens) and form-encoded client secrets.
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g, '$1 [redacted]'],
  [/((?:client_secret|access_token|refresh_token|id_token)["']?\s*[:=]\s*["']?)[^\s'"&,}]+/gi, '$1[redacted]'],
];

export const REDACTED = '[redacted]';

/** Each secret in the environment, in the forms it travels in: as is, URL-encoded and base64. */
export function secretValues(env: Record<string, string | undefined> = process.env): string[] {
  const out = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < MIN_SECRET_LENGTH || !SECRET_NAME.test(name)) continue;
    out.add(value);
    out.add(encodeURIComponent(value));
    out.add(Buffer.from(value).toString('base64'));
  }
  // Longest first, so a secret that contains another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export function redact(text: string, env: Record<string, string | undefined> = process.env): string {
  let out = text;
  for (const s of secretValues(env)) out = out.split(s).join(REDACTED);
  for (const [re, to] of SHAPES) out = out.replace(re, to);
  return out;
}

/** An error's message, safe to show: redacted. */
export function safeMessage(e: unknown): string {
  return redact(e instanceof Error ? e.message : String(e));
}

/** Logs an error (with its stack and properties, as console.error would) after redacting it. */
export function logError(prefix: string, e: unknown): void {
  console.error(prefix, redact(typeof e === 'string' ? e : inspect(e, { depth: 4, breakLength: Infinity })));
}
