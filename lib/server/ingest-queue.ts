import 'server-only';
import { ingestPaths, type IngestOptions } from '../ingest/ingest';
import type { IngestProgress, IngestSummary } from '../ingest/summary';
import { getLocalDb } from './store';

/**
 * The dashboard process runs every ingest (CLI hand-offs and the KEYTRAIL_LOGS
 * watcher) one at a time, so they never contend for the single writer.
 */
export interface IngestStatus {
  running: boolean;
  progress: IngestProgress | null;
  last: IngestSummary | null;
  lastError: string | null;
}

const g = globalThis as unknown as { __keytrailIngest?: { chain: Promise<unknown>; status: IngestStatus } };
const state = (g.__keytrailIngest ??= {
  chain: Promise.resolve(),
  status: { running: false, progress: null, last: null, lastError: null },
});

export function ingestStatus(): IngestStatus {
  return state.status;
}

export function enqueueIngest(paths: string[], opts: IngestOptions = {}): Promise<IngestSummary> {
  const job = state.chain.then(async () => {
    const db = await getLocalDb();
    state.status.running = true;
    try {
      const summary = await ingestPaths(db, paths, {
        ...opts,
        onProgress: (p) => {
          state.status.progress = p;
          opts.onProgress?.(p);
        },
      });
      state.status.last = summary;
      state.status.lastError = null;
      return summary;
    } catch (e) {
      state.status.lastError = e instanceof Error ? e.message : String(e);
      throw e;
    } finally {
      state.status.running = false;
      state.status.progress = null;
    }
  });
  state.chain = job.catch(() => undefined);
  return job;
}
