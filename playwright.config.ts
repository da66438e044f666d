import { defineConfig } from '@playwright/test';

/**
 * Browser tests run against a production build on a throwaway store filled
 * with sample data. Playwright cannot download browsers here: Debian's
 * chromium is used (.ci/run installs it).
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB = 'e2e/.data/e2e.duckdb';

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
  webServer: {
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
});
