import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAthenaEngine } from '../engines/athena/engine';
import { EngineError } from '../engines/types';
import { tempDir } from '../test/fixtures';
import { authConfig } from './config';
import { listenPlan } from './listen';

/**
 * Secrets come only from the environment and are never logged nor sent to the
 * browser. Distinctive values are set, then every place that prints or
 * answers is driven through its failure paths (where secrets leak in
 * practice) while console.* and stdout/stderr are captured; no secret may
 * appear there or in a response, as is, URL-encoded or base64-encoded.
 */
const ROOT = path.resolve(__dirname, '../..');
const SECRETS = {
  OIDC_CLIENT_SECRET: 'oidc-client-secret-7f3Kq9Zx',
  KEYTRAIL_SESSION_SECRET: 'session-secret-Yb81-abcdefghijklmnopqrstuvwxyz',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSeCrEt42',
  AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjSESSIONtoken5678/abc+def=',
};
/** Credentials KeyTrail never sees in its environment (an AWS profile's session token): caught by their shape. */
const PROFILE_TOKEN = 'FwoGZXIvYXdzEPROFILEtoken0042xyz';
const forms = (s: string) => [s, encodeURIComponent(s), Buffer.from(s).toString('base64')];
const ALL_FORMS = [...Object.values(SECRETS), PROFILE_TOKEN].flatMap(forms);

let captured: string[] = [];
function expectNoSecret(text: string, where: string): void {
  for (const s of ALL_FORMS)
    expect(text.includes(s), `${where} contains a secret (${s.slice(0, 8)}…):\n${text.slice(0, 2000)}`).toBe(false);
}
const output = () => captured.join('\n');

const saved: Record<string, string | undefined> = {};
function setEnv(vars: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

beforeEach(() => {
  captured = [];
  const grab =
    (name: string) =>
    (...args: unknown[]) =>
      void captured.push(`${name}: ${args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ')}`);
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, m).mockImplementation(grab(`console.${m}`));
  for (const stream of ['stdout', 'stderr'] as const)
    vi.spyOn(process[stream], 'write').mockImplementation(((chunk: string | Uint8Array) => {
      captured.push(`${stream}: ${typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()}`);
      return true;
    }) as typeof process.stdout.write);
  setEnv({ ...SECRETS, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_REGION: 'eu-west-1' });
});
afterEach(() => {
  vi.restoreAllMocks();
  expectNoSecret(output(), 'console / stdout / stderr');
});
afterAll(() => setEnv(saved));

/**
 * A loopback identity provider that misbehaves the way real ones do on a
 * failed token request: its error_description echoes the client's
 * credentials (the Authorization header and the form body).
 */
let idp: http.Server;
let issuer: string;
beforeAll(async () => {
  idp = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(
          JSON.stringify({
            issuer,
            authorization_endpoint: `${issuer}/auth`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            userinfo_endpoint: `${issuer}/me`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          }),
        );
      } else if (req.url === '/token') {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: 'invalid_client', error_description: `rejected ${req.headers.authorization ?? ''} with ${body}` }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => idp.close(() => r())));

const oidcEnv = () => ({
  KEYTRAIL_AUTH: 'oidc',
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: 'keytrail',
  KEYTRAIL_PUBLIC_URL: 'http://127.0.0.1:3999',
});

describe('configuration', () => {
  it('a rejected setting is named, its value is not repeated', () => {
    const short = 'short-Secret-Q7x9';
    expect(() => authConfig({ ...oidcEnv(), KEYTRAIL_SESSION_SECRET: short, OIDC_CLIENT_SECRET: SECRETS.OIDC_CLIENT_SECRET })).toThrow(
      /KEYTRAIL_SESSION_SECRET: must be at least 32 characters/,
    );
    try {
      authConfig({ ...oidcEnv(), KEYTRAIL_SESSION_SECRET: short });
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
    expect(authConfig({ ...oidcEnv(), ...SECRETS }).KEYTRAIL_AUTH).toBe('oidc');
  });

  it('npm start refuses a half-configured sign-in before building, printing the setting but no secret', () => {
    const short = 'short-Secret-Q7x9';
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...oidcEnv(),
        KEYTRAIL_SESSION_SECRET: short,
        KEYTRAIL_SAMPLE: 'off',
        KEYTRAIL_DB: path.join(tempDir(), 's.duckdb'),
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/KeyTrail could not start: Invalid sign-in setting: KEYTRAIL_SESSION_SECRET/);
    expect(r.stdout).not.toMatch(/Building/);
    expectNoSecret(r.stdout + r.stderr, 'npm start output');
    expect(r.stdout + r.stderr).not.toContain(short);
  });

  it('start-up lines name the sign-in mode, host and port, in every mode, and nothing else from the environment', () => {
    const env = { ...process.env, ...oidcEnv(), PORT: '3999', HOSTNAME: '0.0.0.0' };
    for (const auth of [
      authConfig({ ...env, KEYTRAIL_AUTH: 'oidc' }),
      authConfig({
        ...env,
        KEYTRAIL_AUTH: 'alb',
        KEYTRAIL_ALB_REGION: 'eu-west-1',
        KEYTRAIL_ALB_ARN: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/keytrail/0123456789abcdef',
      }),
      authConfig({ ...env, KEYTRAIL_AUTH: 'none' }),
    ]) {
      for (const anonymous of ['1', undefined]) {
        const plan = listenPlan(auth, { ...env, KEYTRAIL_ALLOW_ANONYMOUS: anonymous });
        expect(plan.lines.at(-1)?.text).toBe('KeyTrail: http://localhost:3999');
        expectNoSecret(plan.lines.map((l) => l.text).join('\n'), `start-up lines (${auth.KEYTRAIL_AUTH})`);
      }
    }
  });
});

describe('sign-in failures', () => {
  beforeEach(() => setEnv(oidcEnv()));

  it('an unreachable identity provider: 502 naming the issuer, no secret in the answer or the log', async () => {
    setEnv({ OIDC_ISSUER: 'http://127.0.0.1:9/' });
    const { GET } = await import('@/app/api/auth/login/route');
    const res = await GET(new NextRequest('http://127.0.0.1:3999/api/auth/login?returnTo=/'));
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(body).toContain('http://127.0.0.1:9/');
    expectNoSecret(body, 'login response');
    expect(output()).toMatch(/sign-in could not start/);
  });

  it('an issuer URL carrying credentials is shown without them', async () => {
    const cred = 'issuer-pass-Zr5T8w';
    setEnv({ OIDC_ISSUER: `http://admin:${cred}@127.0.0.1:9/realm?token=${cred}` });
    const { GET } = await import('@/app/api/auth/login/route');
    const res = await GET(new NextRequest('http://127.0.0.1:3999/api/auth/login'));
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(body).toContain('http://127.0.0.1:9/realm');
    expect(body).not.toContain(cred);
  });

  it('a token request the provider rejects, echoing the client secret: 400, and the log is redacted', async () => {
    const { GET: login } = await import('@/app/api/auth/login/route');
    const started = await login(new NextRequest('http://127.0.0.1:3999/api/auth/login?returnTo=/keys'));
    expect(started.status).toBe(307);
    expectNoSecret(started.headers.get('location') ?? '', 'redirect to the provider');

    const state = 'state-abc';
    const flow = await new SignJWT({ verifier: 'v'.repeat(43), state, returnTo: '/' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SECRETS.KEYTRAIL_SESSION_SECRET));
    const { GET: callback } = await import('@/app/api/auth/callback/route');
    const req = new NextRequest(`http://127.0.0.1:3999/api/auth/callback?code=c0de&state=${state}`, {
      headers: { cookie: `kt_oidc=${flow}` },
    });
    const res = await callback(req);
    expect(res.status).toBe(400);
    expectNoSecret(await res.text(), 'callback response');
    expect(output()).toMatch(/sign-in failed/);
  });

  it('a forged or missing session: 401 from the proxy, nothing logged', async () => {
    setEnv(SECRETS);
    const forged = await new SignJWT({ role: 'analyst' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('keytrail')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const { proxy } = await import('@/proxy');
    for (const cookie of [`kt_session=${forged}`, '']) {
      const res = await proxy(new NextRequest('http://127.0.0.1:3999/api/keys', { headers: { cookie } }));
      expect(res.status).toBe(401);
      expectNoSecret(await res.text(), 'proxy response');
      for (const [, v] of res.headers) expectNoSecret(v, 'proxy headers');
    }
    expect(captured).toEqual([]);
  });
});

describe('engine and API errors', () => {
  const athena = mockClient(AthenaClient);
  afterEach(() => athena.reset());
  /** What AWS answers a request signed with the wrong key: the canonical request it expected, security token included. */
  const signatureError = (token: string) =>
    Object.assign(
      new Error(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
          "The Canonical String for this request should have been\n'POST\n/\n\ncontent-type:application/x-amz-json-1.1\nhost:athena.eu-west-1.amazonaws.com\nx-amz-date:20261128T000000Z\n" +
          `x-amz-security-token:${token}\nx-amz-target:AmazonAthena.StartQueryExecution\n\ncontent-type;host;x-amz-date;x-amz-security-token;x-amz-target\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'`,
      ),
      { name: 'InvalidSignatureException' },
    );
  const settings = {
    ATHENA_DATABASE: 'trail',
    ATHENA_TABLE: 'cloudtrail_logs',
    ATHENA_WORKGROUP: 'primary',
    ATHENA_CATALOG: 'AwsDataCatalog',
    ATHENA_RESULT_REUSE_MINUTES: 0,
    ATHENA_MAX_CONCURRENT: 2,
    ATHENA_CACHE_SECONDS: 0,
    KEYTRAIL_QUERY_TIMEOUT: 60,
  };

  it('Athena quoting a security token (from the environment or a profile): the API answer and the panel message leave it out', async () => {
    const { errorResponse } = await import('@/lib/server/api');
    const { panelMessage } = await import('@/lib/server/page-search');
    for (const token of [SECRETS.AWS_SESSION_TOKEN, PROFILE_TOKEN]) {
      athena.on(StartQueryExecutionCommand).rejects(signatureError(token));
      const err = await createAthenaEngine(settings, new AthenaClient({ region: 'eu-west-1' }))
        .run('SELECT 1', [])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      // The engine's message does quote the token: what matters is that nothing passes it on.
      expect((err as Error).message).toContain(token);
      const res = errorResponse(err);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: string; setting: string };
      expect(body.setting).toBe('AWS credentials');
      expect(body.error).toMatch(/Access denied/);
      expectNoSecret(JSON.stringify(body), 'API error body');
      expectNoSecret(panelMessage(err), 'panel message');
    }
  });

  it('unexpected and internal errors carrying secrets: a generic answer, and a redacted log', async () => {
    const { errorResponse } = await import('@/lib/server/api');
    const { panelMessage } = await import('@/lib/server/page-search');
    const leaky = new Error(`token exchange failed: client_secret=${SECRETS.OIDC_CLIENT_SECRET} key=${SECRETS.KEYTRAIL_SESSION_SECRET}`);
    const res = errorResponse(leaky);
    expect(res.status).toBe(500);
    expectNoSecret(await res.text(), 'API 500 body');
    const internal = new EngineError('internal', 'query failed', { reason: `Binder Error near '${SECRETS.AWS_SECRET_ACCESS_KEY}'` });
    expect(errorResponse(internal).status).toBe(500);
    expect(panelMessage(leaky)).toBe('an internal error occurred (see the server log).');
    // Logged, with the error's own words, but not the secrets.
    expect(output()).toMatch(/unexpected error:.*token exchange failed/);
    expect(output()).toMatch(/query failed:.*Binder Error/);
    expect(output()).toContain('[redacted]');
  });
});

describe('nothing secret in the browser bundle', () => {
  /** Every file a client component pulls in, following relative and `@/` imports. */
  function clientGraph(): Map<string, string> {
    const files = new Map<string, string>();
    const resolve = (from: string, spec: string): string | null => {
      const base = spec.startsWith('@/')
        ? path.join(ROOT, spec.slice(2))
        : spec.startsWith('.')
          ? path.resolve(path.dirname(from), spec)
          : null;
      if (!base) return null;
      for (const ext of ['', '.ts', '.tsx', '/index.ts', '/index.tsx'])
        if (fs.existsSync(base + ext) && fs.statSync(base + ext).isFile()) return base + ext;
      return null;
    };
    const visit = (f: string) => {
      if (files.has(f)) return;
      const src = fs.readFileSync(f, 'utf8');
      files.set(f, src);
      for (const m of src.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const dep = resolve(f, m[1] ?? m[2]);
        if (dep) visit(dep);
      }
    };
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const roots = ['app', 'components', 'lib']
      .flatMap((d) => walk(path.join(ROOT, d)))
      .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts') && /^\s*['"]use client['"]/m.test(fs.readFileSync(f, 'utf8')));
    expect(roots.length).toBeGreaterThan(5);
    roots.forEach(visit);
    return files;
  }

  it('client components and what they import read no environment variable and no server configuration', () => {
    for (const [file, src] of clientGraph()) {
      const rel = path.relative(ROOT, file);
      const envNames = [...src.matchAll(/process\.env(?:\.([A-Z0-9_]+)|\[)/g)].map((m) => m[1] ?? '[computed]');
      // Next inlines NODE_ENV and NEXT_PUBLIC_* into the bundle; anything else would be a leak (or undefined).
      expect(
        envNames.filter((n) => n !== 'NODE_ENV' && !n.startsWith('NEXT_PUBLIC_')),
        `${rel} reads the environment`,
      ).toEqual([]);
      expect(src, `${rel} imports server-only code`).not.toMatch(
        /from ['"](server-only|@\/lib\/(auth\/config|config|server\/[^'"]+|redact))['"]/,
      );
    }
  });

  it('no NEXT_PUBLIC_ setting and no next.config env entry is named like a secret', () => {
    const config = require(path.join(ROOT, 'next.config.js')) as {
      env?: Record<string, string>;
      publicRuntimeConfig?: Record<string, unknown>;
    };
    const exposed = [...Object.keys(config.env ?? {}), ...Object.keys(config.publicRuntimeConfig ?? {})];
    const text = ['app', 'components', 'lib', 'scripts']
      .flatMap((d) => fs.readdirSync(path.join(ROOT, d), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ROOT, d, f)))
      .concat([path.join(ROOT, '.env.example'), path.join(ROOT, 'next.config.js')])
      .filter((f) => fs.statSync(f).isFile() && /\.(tsx?|js|mjs|example)$/.test(f))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    exposed.push(...[...text.matchAll(/\bNEXT_PUBLIC_[A-Z0-9_]+/g)].map((m) => m[0]));
    expect(exposed.filter((n) => /SECRET|KEY|TOKEN|PASSWORD|CREDENTIAL/i.test(n))).toEqual([]);
  });
});
