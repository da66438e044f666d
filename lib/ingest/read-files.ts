import type { FoundFile } from './find-files';
import { readLogFile } from './read-log-file';

/**
 * The reading half of an ingest (Node, this thread): each file's text cut into records, the KMS
 * candidates kept. lib/ingest/ingest.ts loads them into DuckDB in batches.
 */

/** One file, read: its KMS candidate records (exact text) and their positions in the file, or why it is skipped. */
export interface ReadFile {
  file: FoundFile;
  records: string[];
  indexes: number[];
  total: number;
  skip: string | null;
}

/**
 * Reads and splits files in order. Reading is synchronous (fast for many small
 * files); every ~25 ms it yields to the event loop, so a dashboard ingesting in
 * the background keeps answering requests.
 */
export async function* readFiles(files: FoundFile[]): AsyncGenerator<ReadFile | { file: FoundFile; error: string }> {
  let slice = performance.now();
  for (const f of files) {
    if (performance.now() - slice > 25) {
      await new Promise((r) => setImmediate(r));
      slice = performance.now();
    }
    yield readOne(f);
  }
}

/**
 * Files skipped by their name are not opened, yet they go through a batch like the rest: the
 * store records them as read (status 'skipped'), so the next run counts them unchanged instead
 * of reporting every digest file of the trail as skipped again on each run.
 */
const SKIP_BY_KIND: Record<Exclude<FoundFile['kind'], 'log'>, string> = {
  digest: 'CloudTrail digest file',
  insight: 'CloudTrail Insights file',
  other: 'not a .json or .json.gz file',
};

/** A string of its own, not a slice holding on to the text it was cut from. */
const detach = (s: string): string => Buffer.from(s, 'utf16le').toString('utf16le');

export function readOne(f: FoundFile): ReadFile | { file: FoundFile; error: string } {
  const byKind = f.kind === 'log' ? null : SKIP_BY_KIND[f.kind];
  if (byKind) return { file: f, records: [], indexes: [], total: 0, skip: byKind };
  try {
    const r = readLogFile(f.path);
    if (r.kind === 'digest') return { file: f, records: [], indexes: [], total: 0, skip: SKIP_BY_KIND.digest };
    if (r.kind === 'not-cloudtrail') return { file: f, records: [], indexes: [], total: 0, skip: 'not a CloudTrail log file' };
    // Cheap pre-filter; the exact eventSource test happens in SQL. The position in the file
    // makes each staged record's id, which also orders re-deliveries (the first one is kept).
    const records: string[] = [];
    const indexes: number[] = [];
    let kept = 0;
    let all = 0;
    r.records.forEach((s, i) => {
      all += s.length;
      if (s.includes('kms.amazonaws.com')) {
        records.push(s);
        indexes.push(i);
        kept += s.length;
      }
    });
    // Each record is a slice of the file's text, and V8 keeps a slice's whole parent string alive: a
    // batch of files that are mostly other services' events held all their text until it loaded
    // (a trail 1% KMS ran out of heap). When the KMS records are under half the file, they are
    // copied, so the file's text goes as soon as it is read (UTF-16 both ways: a lone surrogate stays
    // as it was, for the raw record's hash).
    const own = kept * 2 < all ? records.map(detach) : records;
    return { file: f, records: own, indexes, total: r.records.length, skip: null };
  } catch (e) {
    return { file: f, error: (e as Error).message };
  }
}
