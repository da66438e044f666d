import { defineConfig } from '@playwright/test';

/**
 * Browser tests run against a production build on a throwaway store filled
 * with sample data. Playwright cannot download browsers here: Debian's
 * chromium is used (.ci/run installs it).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB = 'e2e/.data/e2e.duckdb';
export const AUTH_PORT = PORT + 1;
const OIDC_PORT = PORT + 2;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      // A fresh store every run: sample data plus the real and hostile fixtures, then `npm start`'s script.
      command: [
        `node -e "require('fs').rmSync('e2e/.data',{recursive:true,force:true})"`,
        'node node_modules/tsx/dist/cli.mjs e2e/prepare-store.ts',
        'node node_modules/tsx/dist/cli.mjs scripts/start.ts',
      ].join(' && '),
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { PORT: String(PORT), KEYTRAIL_DB: DB, NEXT_TELEMETRY_DISABLED: '1' },
    },
    // Sign-in tests: a real OIDC provider on loopback, and a second KeyTrail that requires sign-in.
    {
      command: 'node e2e/oidc-provider.mjs',
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { OIDC_PORT: String(OIDC_PORT), APP_PORT: String(AUTH_PORT) },
    },
    {
      command: 'node node_modules/tsx/dist/cli.mjs scripts/start.ts',
      url: `http://127.0.0.1:${AUTH_PORT}/api/auth/signed-out`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        PORT: String(AUTH_PORT),
        KEYTRAIL_DB: 'e2e/.data/auth.duckdb',
        KEYTRAIL_SAMPLE: 'off',
        KEYTRAIL_LOGS: 'e2e/fixtures/cloudtrail-real',
        KEYTRAIL_AUTH: 'oidc',
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID: 'keytrail',
        OIDC_CLIENT_SECRET: 'keytrail-test-secret',
        KEYTRAIL_PUBLIC_URL: `http://127.0.0.1:${AUTH_PORT}`,
        KEYTRAIL_SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
        KEYTRAIL_VIEWERS: 'viewers',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
