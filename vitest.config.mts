import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@': root,
      'server-only': path.join(root, 'lib/test/server-only-stub.ts'),
    },
  },
  test: {
    include: ['{lib,app,components,scripts,queries}/**/*.test.ts'],
    environment: 'node',
    // Each test file opens its own DuckDB file in a temp dir, so forks never share a lock.
    pool: 'forks',
    globalSetup: ['lib/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
