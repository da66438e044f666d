/**
 * The production server under test, started as the e2e tests and `npm start` start it
 * (`next start` on loopback, after `next build`), against the bench store; and the
 * HTTP side of the measurements: each API warm, each page's full server render.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { buildIsStale } from '../scripts/build';
import { API_CASES, encodeCursor, PAGES, type Inputs } from './baselines';
import { root, stats, timeIt, type Stats } from './common';
import type { Twin } from './twin';

/** Untimed calls before each route's timed ones (as timeIt's default). */
const WARMUPS = 3;

const NEXT = path.join(root, 'node_modules/next/dist/bin/next');

export interface Server {
  base: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

/** The state of the build the numbers come from: a stale build measures yesterday's code. */
export function ensureBuild(rebuild: boolean): { built: boolean; stale: boolean; buildId: string } {
  const idFile = path.join(root, '.next/BUILD_ID');
  const missing = !fs.existsSync(idFile);
  let built = false;
  if (missing || (rebuild && buildIsStale())) {
    console.log('[bench] next build…');
    const r = spawnSync(process.execPath, [NEXT, 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (r.status !== 0) throw new Error('next build failed');
    built = true;
  }
  return { built, stale: buildIsStale(), buildId: fs.readFileSync(idFile, 'utf8').trim() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function startServer(dbPath: string, logFile: string): Promise<Server> {
  const port = await freePort();
  // Only this store and no folder watching: a developer's KEYTRAIL_* settings must not leak into the measurement.
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEYTRAIL_'))),
    KEYTRAIL_DB: dbPath,
    KEYTRAIL_SAMPLE: 'off',
    // Repeated runs of the same request must each do the work, or the cache would be measured, not KeyTrail.
    KEYTRAIL_CACHE_SECONDS: '0',
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: 'production',
    PORT: String(port),
  };
  const log = fs.openSync(logFile, 'w');
  // Its own process group, so stopping it by its id also stops anything it forked.
  const proc = spawn(process.execPath, [NEXT, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.pid) {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => proc.pid && process.kill(-proc.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    fs.closeSync(log);
  };
  for (let i = 0; i < 240; i++) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}); see ${logFile}`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, proc, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the server did not answer /api/health within 2 minutes; see ${logFile}`);
}

/**
 * The client: node:http on a kept-alive connection, the leanest client there is
 * (fetch adds ~1.5 ms per call here), so the client's own cost is not billed to KeyTrail.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

interface Got {
  bytes: number;
  /** From the request to the first chunk of the body: for a page, its shell (header, filters, the panels' placeholders). */
  firstByteMs: number;
  /** The route's own Server-Timing (lib/server/api.ts): handler and engine ms, when it sends them. */
  app: number | null;
  db: number | null;
}

const timing = (header: string | undefined, name: string): number | null => {
  const m = header ? new RegExp(`(?:^|,)\\s*${name};dur=([0-9.]+)`).exec(header) : null;
  return m ? Number(m[1]) : null;
};

/** GET and read the whole body (a page streams its panels: the render is done when the body ends). */
function get(base: string, url: string): Promise<Got> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = 0;
    http
      .get(base + url, { agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (!chunks.length) firstByteMs = performance.now() - started;
          chunks.push(c);
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const st = res.headers['server-timing'];
          const header = Array.isArray(st) ? st.join(',') : st;
          if (res.statusCode === 200)
            resolve({ bytes: body.byteLength, firstByteMs, app: timing(header, 'app'), db: timing(header, 'db') });
          else reject(new Error(`GET ${url}: ${res.statusCode} ${body.toString('utf8').slice(0, 300)}`));
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

export interface HttpResults {
  /** A route that touches no data (/api/auth/signed-out): what every request pays for HTTP, the proxy and Next's routing. */
  floor: Stats;
  /**
   * Per route: the client's time, and the route's own Server-Timing split (handler, engine) of the same calls;
   * `twin`: the bare engine's, each call paired with one of them (bench/twin.ts). Absent from older reports.
   */
  api: Record<string, Stats & { bytes: number; app?: Stats; db?: Stats; twin?: Stats }>;
  /** `firstByte`: absent from reports before 2026-12-07. */
  pages: Record<string, Stats & { bytes: number; firstByte?: Stats }>;
  /** Whether following nextCursor 20 times through the API lands on the cursor the bare run used. */
  cursorMatches: boolean | null;
}

export async function measureHttp(base: string, inputs: Inputs, runs: number, pageRuns: number, pairWith?: Twin): Promise<HttpResults> {
  let twin = pairWith;
  // A twin that fails costs the pairs, not the run: the report falls back to the before/after bare runs.
  const bareCall = async (name: string): Promise<number | null> => {
    try {
      return twin ? await twin.time(name) : null;
    } catch (e) {
      console.error(`[bench] the paired bare engine failed, ratios fall back to the bare runs alone: ${(e as Error).message}`);
      twin = undefined;
      return null;
    }
  };
  // More warm-ups: it is the first route hit, and its first calls load Next's route code.
  const floor = await timeIt(() => get(base, '/api/auth/signed-out'), runs, 10);
  const api: HttpResults['api'] = {};
  for (const c of API_CASES) {
    const url = c.url(inputs);
    const { bytes } = await get(base, url);
    const app: number[] = [];
    const db: number[] = [];
    const client: number[] = [];
    const bare: number[] = [];
    const call = async () => {
      const s = performance.now();
      const g = await get(base, url);
      client.push(performance.now() - s);
      if (g.app !== null) app.push(g.app);
      if (g.db !== null) db.push(g.db);
    };
    const pair = async () => {
      const ms = await bareCall(c.name);
      if (ms !== null) bare.push(ms);
    };
    for (let i = 0; i < WARMUPS + runs; i++) {
      // Pairs, in turns first and second, so neither side always runs on the other's leftovers.
      if (i % 2) {
        await call();
        await pair();
      } else {
        await pair();
        await call();
      }
    }
    // The warm-ups are dropped: keep the timed calls only.
    const timed = (xs: number[]) => (xs.length >= runs ? stats(xs.slice(-runs)) : undefined);
    api[c.name] = {
      ...stats(client.slice(-runs)),
      bytes,
      app: timed(app),
      db: timed(db),
      twin: bare.length === WARMUPS + runs ? stats(bare.slice(-runs)) : undefined,
    };
  }

  let cursor: string | null = null;
  const rq = `from=${encodeURIComponent(inputs.from)}&to=${encodeURIComponent(inputs.to)}`;
  for (let i = 0; i < 20; i++) {
    const res: Response = await fetch(`${base}/api/events?${rq}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    const body = (await res.json()) as { nextCursor: string | null };
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  // The API's cursor also carries the rows before it (for the page's position): compare the row it names.
  const named = (c: string | null) => {
    if (!c) return null;
    const { ts, id } = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { ts: string; id: string };
    return `${ts}|${id}`;
  };
  const cursorMatches = inputs.deepCursor ? named(cursor) === named(encodeCursor(inputs.deepCursor)) : null;

  const pages: HttpResults['pages'] = {};
  for (const p of PAGES) {
    const url = p.url(inputs);
    const { bytes } = await get(base, url);
    const first: number[] = [];
    const full = await timeIt(async () => first.push((await get(base, url)).firstByteMs), pageRuns);
    // The warm-ups' first bytes are dropped with their full times.
    pages[p.name] = { ...full, bytes, firstByte: stats(first.slice(-pageRuns)) };
  }
  return { floor, api, pages, cursorMatches };
}

/** Peak RSS (VmHWM) of the server and every process under it: `next start` may serve from a child. */
export function serverPeakRss(pid: number): { pid: number; name: string; vmHwmMb: number }[] {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let ppid: number;
    try {
      // Fields after the command name; the name itself may hold spaces or parentheses.
      ppid = Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ').pop()?.split(' ')[1]);
    } catch {
      continue; // exited meanwhile
    }
    kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
  }
  const out: { pid: number; name: string; vmHwmMb: number }[] = [];
  const visit = (p: number): void => {
    const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    out.push({ pid: p, name: /Name:\s+(.*)/.exec(status)?.[1] ?? '?', vmHwmMb: Math.round(hwm / 1024) });
    for (const k of kids.get(p) ?? []) visit(k);
  };
  visit(pid);
  return out;
}
