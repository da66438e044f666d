/**
 * Shared by the bench orchestrator (run.ts) and its phases (phase-*.ts): paths,
 * arguments, timing statistics and the one-JSON-line protocol between them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');
/** Git-ignored (`/bench/.work/`). The load test keeps its own sub-folder here, so only our own paths are ever removed. */
export const work = path.join(root, 'bench/.work');

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function numArg(argv: string[], name: string, dflt: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
}

export interface Stats {
  p50: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

/** Nearest-rank percentile: with 20 runs p95 is the 19th value, a real observation rather than an interpolation. */
export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const r = (n: number) => Math.round(n * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), min: r(s[0]), max: r(s[s.length - 1]), n: s.length };
}

/** Warm-ups first (caches, JIT, DuckDB buffer pool), then `runs` timed calls one after another: warm, unloaded latency. */
export async function timeIt(fn: () => Promise<unknown>, runs: number, warmups = 3): Promise<Stats> {
  for (let i = 0; i < warmups; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return stats(t);
}

/** Every log file under `dir`, digests excluded (KeyTrail skips them too, so all three readers see the same files). */
export function logFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'CloudTrail-Digest') walk(p);
      } else if (e.name.endsWith('.json.gz')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  return n;
}

/** A phase's result: its own numbers plus wall time of the work and the process's peak RSS. */
export interface PhaseResult extends JsonObject {
  ms: number;
  maxRssMb: number;
}

/**
 * Runs `bench/<file>` in its own Node process, so its peak RSS (getrusage maxRSS)
 * is that phase's alone and a DuckDB lock is released when it exits.
 */
export function runPhase(file: string, args: string[]): PhaseResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', file), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error(`bench/${file} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as PhaseResult;
}

/**
 * The phase side of runPhase: times `work` (module loading excluded) and prints
 * one JSON line. Exits explicitly: a DuckDB handle must not keep the process alive.
 */
export function phaseMain(work: () => Promise<JsonObject>): void {
  const t = performance.now();
  work().then(
    (r) => {
      const ms = typeof r.ms === 'number' ? r.ms : Math.round(performance.now() - t);
      const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      process.stdout.write(`${JSON.stringify({ ...r, ms, maxRssMb })}\n`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}

export function removeStore(dbPath: string): void {
  for (const p of [dbPath, `${dbPath}.wal`]) fs.rmSync(p, { force: true });
}

export function fileMb(p: string): number {
  const size = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  return (size(p) + size(`${p}.wal`)) / 2 ** 20;
}

/** The newest load-test report for this many events (bench/results/loadtest-<date>-<events>.json), summarised. */
export function latestLoadtest(resultsDir: string, events: number): import('./report').LoadtestSummary | null {
  if (!fs.existsSync(resultsDir)) return null;
  const name = fs
    .readdirSync(resultsDir)
    .filter((f) => f.startsWith('loadtest-') && f.endsWith(`-${events}.json`))
    .sort()
    .at(-1);
  if (!name) return null;
  const r = JSON.parse(fs.readFileSync(path.join(resultsDir, name), 'utf8')) as {
    date: string;
    command: string;
    storeEventsAfter: number;
    expectedEvents?: number;
    cacheSeconds?: string;
    load: {
      requests: number;
      requestsPerSec: number;
      latencyMs: { p50: number; p95: number; p99: number; max: number };
      errors: number;
      non2xx: number;
    };
  };
  return {
    file: `bench/results/${name}`,
    date: r.date,
    command: r.command,
    ...r.load,
    storeEventsAfter: r.storeEventsAfter,
    expectedEvents: r.expectedEvents ?? NaN,
    cacheSeconds: r.cacheSeconds ?? '10 (default)',
  };
}
