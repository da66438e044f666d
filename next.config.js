// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // DuckDB ships a native binding that the bundler must not try to follow.
  serverExternalPackages: ['@duckdb/node-api', 'playwright-core'],
  // The .sql files are read at run time; make sure standalone tracing keeps them.
  outputFileTracingIncludes: { '/**': ['./queries/**/*.sql'] },
  poweredByHeader: false,
};
module.exports = nextConfig;
