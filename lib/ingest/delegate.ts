import fs from 'node:fs';
import { z } from 'zod';
import type { IngestProgress, IngestSummary } from './summary';

/**
 * A DuckDB file is locked to one process. While the dashboard runs it owns the
 * database, so `npm run ingest` hands its work to the dashboard over loopback
 * instead of failing on the lock. The dashboard advertises itself in a file
 * beside the database (readable only by its owner), with a per-start token.
 */
export const ServerInfo = z.object({ pid: z.number().int(), url: z.string().url(), token: z.string().min(32) });
export type ServerInfo = z.infer<typeof ServerInfo>;

export const serverInfoPath = (dbPath: string) => `${dbPath}.server.json`;

export function writeServerInfo(dbPath: string, info: ServerInfo): void {
  fs.writeFileSync(serverInfoPath(dbPath), JSON.stringify(info), { mode: 0o600 });
}

export function removeServerInfo(dbPath: string, pid = process.pid): void {
  const info = readServerInfo(dbPath);
  if (info?.pid === pid) fs.rmSync(serverInfoPath(dbPath), { force: true });
}

export function readServerInfo(dbPath: string): ServerInfo | null {
  try {
    return ServerInfo.parse(JSON.parse(fs.readFileSync(serverInfoPath(dbPath), 'utf8')));
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running dashboard that owns this database, if any. */
export function findRunningServer(dbPath: string): ServerInfo | null {
  const info = readServerInfo(dbPath);
  return info && alive(info.pid) ? info : null;
}

/**
 * As many paths as a shell glob of a trail's files gives (a month of one account's files is ~10k):
 * what a standalone ingest takes must not fail only because the dashboard runs. The cap keeps the
 * body a few MB.
 */
export const MAX_INGEST_PATHS = 100_000;

export const IngestRequest = z.object({
  paths: z
    .array(z.string().min(1).max(4096))
    .min(1)
    .max(MAX_INGEST_PATHS, `at most ${MAX_INGEST_PATHS.toLocaleString('en-US')} paths at once: give their folder instead`),
  followSymlinks: z.boolean().default(false),
  /** `npm run sample` while the dashboard runs: load as sample data. */
  sample: z.boolean().default(false),
});

/** Lines of the NDJSON stream the dashboard sends back. */
export type IngestMessage =
  { type: 'progress'; progress: IngestProgress } | { type: 'summary'; summary: IngestSummary } | { type: 'error'; message: string };

export async function delegateIngest(
  server: ServerInfo,
  req: z.input<typeof IngestRequest>,
  onProgress: (p: IngestProgress) => void,
): Promise<IngestSummary> {
  const res = await fetch(new URL('/api/admin/ingest', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(req),
  });
  if (!res.ok || !res.body) throw new Error(`the dashboard refused the ingest (HTTP ${res.status}): ${await res.text()}`);
  let summary: IngestSummary | null = null;
  let buf = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      const msg = JSON.parse(line) as IngestMessage;
      if (msg.type === 'progress') onProgress(msg.progress);
      else if (msg.type === 'summary') summary = msg.summary;
      else throw new Error(msg.message);
    }
  }
  if (!summary) throw new Error('the dashboard closed the connection before the ingest finished');
  return summary;
}
