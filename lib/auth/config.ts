import { z } from 'zod';

/**
 * Sign-in settings. KEYTRAIL_AUTH picks how people are authenticated:
 *   none — no sign-in; the server listens on loopback only unless KEYTRAIL_ALLOW_ANONYMOUS=1;
 *   oidc — built-in sign-in with the team's identity provider (authorization code + PKCE);
 *   alb  — behind an AWS ALB that authenticates: its signed x-amzn-oidc-data header is verified.
 * Secrets come only from the environment and never reach the browser.
 */
const list = z
  .string()
  .optional()
  .transform((s) =>
    s
      ? s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
      : [],
  );

const Schema = z.object({
  KEYTRAIL_AUTH: z.enum(['none', 'oidc', 'alb']).default('none'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  KEYTRAIL_PUBLIC_URL: z.string().url().optional(),
  KEYTRAIL_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  KEYTRAIL_SESSION_HOURS: z.coerce.number().min(0.1).max(168).default(8),
  KEYTRAIL_ALLOWED_USERS: list,
  KEYTRAIL_ALLOWED_GROUPS: list,
  KEYTRAIL_VIEWERS: list,
  KEYTRAIL_ALB_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .optional(),
  KEYTRAIL_ALB_ARN: z.string().startsWith('arn:').optional(),
  /** Where ALB public keys are fetched; `{region}` and `{kid}` are filled in. Tests point it at loopback. */
  KEYTRAIL_ALB_KEY_URL: z.string().default('https://public-keys.auth.elb.{region}.amazonaws.com/{kid}'),
});

export type AuthConfig = z.output<typeof Schema>;

export function authConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const r = Schema.safeParse(env);
  if (!r.success) throw new Error(`Invalid sign-in setting: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = r.data;
  const need = (k: keyof AuthConfig) => {
    if (!c[k]) throw new Error(`KEYTRAIL_AUTH=${c.KEYTRAIL_AUTH} needs ${k} (see .env.example).`);
  };
  if (c.KEYTRAIL_AUTH === 'oidc') for (const k of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'KEYTRAIL_SESSION_SECRET'] as const) need(k);
  // The load balancer's ARN is what says the claims are from *our* ALB: AWS signs them with a key of
  // the Region, which any ALB there uses, so without it a token from anyone's ALB would be accepted.
  if (c.KEYTRAIL_AUTH === 'alb') for (const k of ['KEYTRAIL_ALB_REGION', 'KEYTRAIL_ALB_ARN'] as const) need(k);
  return c;
}
