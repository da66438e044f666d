import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Builds the dashboard when the build is missing or older than any source (start, bench, load test). */
const root = path.resolve(__dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'queries', 'next.config.js', 'package.json', 'instrumentation.ts', 'proxy.ts'];

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))));
}

export function buildIsStale(): boolean {
  const id = fs.statSync(path.join(root, '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!id) return true;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > id.mtimeMs);
}

export function buildIfStale(): void {
  if (!buildIsStale()) return;
  console.log('Building the dashboard (next build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) throw new Error('next build failed');
}
