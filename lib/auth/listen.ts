import type { AuthConfig } from './config';

/**
 * Where `npm start` listens and what it says about it. Loopback only unless
 * sign-in is on or anonymous access is opted into. Kept apart from
 * scripts/start.ts so the start-up lines can be tested without starting a
 * server: they name the sign-in mode, host and port, never a setting's value
 * that could be a secret.
 */
export interface ListenPlan {
  port: string;
  host: string;
  lines: { level: 'log' | 'warn'; text: string }[];
}

export function listenPlan(auth: AuthConfig, env: Record<string, string | undefined>): ListenPlan {
  const port = String(env.PORT ?? 3000);
  const anonymousOk = env.KEYTRAIL_ALLOW_ANONYMOUS === '1';
  const open = auth.KEYTRAIL_AUTH !== 'none' || anonymousOk;
  const host = open && env.HOSTNAME ? env.HOSTNAME : '127.0.0.1';
  const lines: ListenPlan['lines'] = [];
  if (auth.KEYTRAIL_AUTH !== 'none') lines.push({ level: 'log', text: `Sign-in: ${auth.KEYTRAIL_AUTH}. Listening on ${host}.` });
  else if (anonymousOk)
    lines.push({ level: 'warn', text: `WARNING: KEYTRAIL_ALLOW_ANONYMOUS=1 — KeyTrail has no sign-in and listens on ${host}.` });
  else
    lines.push({
      level: 'log',
      text: `KeyTrail has no sign-in configured, so it listens on loopback only (${host}). See README: Access control.`,
    });
  lines.push({ level: 'log', text: `KeyTrail: http://localhost:${port}` });
  return { port, host, lines };
}
