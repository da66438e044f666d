import fs2 from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export type FileKind = 'log' | 'digest' | 'insight' | 'other';

export interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
  kind: FileKind;
}

export interface FindResult {
  files: FoundFile[];
  /** Inputs or entries that could not be read, with the reason. */
  problems: { path: string; reason: string }[];
  /** Every folder walked, with its modification time (ms). */
  dirs: Map<string, number>;
  /** Files in folders `unchangedDirs` vouched for: counted, not listed. */
  filesInUnchangedDirs: number;
}

export interface FindOptions {
  followSymlinks?: boolean;
  /**
   * Folders (path → modification time) whose files were all read before. A folder whose time
   * is still the same has had no file added, removed or renamed, so its files are counted
   * without a stat each; its subfolders are still walked (a new file deep down does not change
   * its grandparents' times). A file rewritten in place keeps its folder's time: callers that
   * pass this also walk in full now and then (lib/server/logs-watcher.ts).
   */
  unchangedDirs?: ReadonlyMap<string, number>;
}

const LOG_NAME = /\.json(\.gz)?$/i;

/**
 * CloudTrail writes digests under CloudTrail-Digest/ (*_CloudTrail-Digest_*), and Insights
 * events under CloudTrail-Insight/ (*_CloudTrail-Insight_*): those summarise unusual call rates
 * and record no call of their own, so reading them would only add to the skipped records.
 */
/**
 * A download in progress: `aws s3 sync` writes `<name>.<8 characters>` and renames it when done,
 * rclone `<name>.partial`. Not a file of the logs: passed over, not recorded (it is found under its
 * own name once complete; recorded, every one would stay in the store's list of skipped files).
 */
export const isPartialDownload = (name: string): boolean => /\.json(\.gz)?\.[0-9A-Za-z]{8}$|\.partial$/.test(name);

export function classify(p: string): FileKind {
  if (/(^|[\\/])CloudTrail-Digest([\\/]|$)/.test(p) || /_CloudTrail-Digest_/.test(path.basename(p))) return 'digest';
  if (/(^|[\\/])CloudTrail-Insight([\\/]|$)/.test(p) || /_CloudTrail-Insight_/.test(path.basename(p))) return 'insight';
  return LOG_NAME.test(p) ? 'log' : 'other';
}

/**
 * Walks files and folders at any depth (any trail layout). Symbolic links are
 * not followed unless asked, so a link cannot pull files from outside the folder.
 * Each folder and file is taken once by its real path, however many inputs or
 * links reach it (`/logs` and `/logs/AWSLogs`, a folder given twice, a link
 * back up the tree): read twice, its events would count as duplicate deliveries.
 * The first path that reaches it, in input order and then name order, is the one listed.
 */
export async function findFiles(inputs: string[], opts: FindOptions = {}): Promise<FindResult> {
  const files: FoundFile[] = [];
  const problems: FindResult['problems'] = [];
  const dirs = new Map<string, number>();
  let filesInUnchangedDirs = 0;
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  /** `real` is p's real path when known: below a real folder, reached through no link, it is the path itself. */
  async function visit(p: string, real: string | null, top: boolean): Promise<void> {
    let st;
    try {
      st = await fs.lstat(p);
      if (st.isSymbolicLink()) {
        if (!opts.followSymlinks && !top) {
          problems.push({ path: p, reason: 'symbolic link not followed (use --follow-symlinks)' });
          return;
        }
        st = await fs.stat(p);
        real = null;
      }
    } catch (e) {
      // Listed, then gone before its stat: a sync renaming its temp file into place (aws s3 sync writes
      // `<name>.<8 hex>` first). No problem of the logs: the file is found under its new name.
      if (!top && (e as NodeJS.ErrnoException).code === 'ENOENT') return;
      problems.push({ path: p, reason: top ? 'no such file or folder' : (e as Error).message });
      return;
    }
    // Only inputs and followed links need resolving: one realpath each, not one per file.
    real ??= await fs.realpath(p).catch(() => p);
    if (st.isDirectory()) {
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      const mtimeMs = Math.trunc(st.mtimeMs);
      dirs.set(p, mtimeMs);
      if (opts.unchangedDirs?.get(p) === mtimeMs) {
        let listed: fs2.Dirent[];
        try {
          listed = await fs.readdir(p, { withFileTypes: true });
        } catch (e) {
          problems.push({ path: p, reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? e}` });
          return;
        }
        listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of listed) {
          const childReal = join(real, e.name);
          if (!e.isFile()) await visit(join(p, e.name), childReal, false);
          else if (!isPartialDownload(e.name) && firstSight(childReal)) filesInUnchangedDirs++;
        }
        return;
      }
      let entries: string[];
      try {
        entries = await fs.readdir(p);
      } catch (e) {
        problems.push({ path: p, reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? e}` });
        return;
      }
      entries.sort();
      for (const name of entries) {
        if (isPartialDownload(name)) continue;
        const child = join(p, name);
        const childReal = real === p ? child : join(real, name);
        // Plain files (nearly all of a trail) are stat'ed synchronously: one await per file cost more than the stat.
        const lst = fs2.lstatSync(child, { throwIfNoEntry: false });
        if (!lst?.isFile()) await visit(child, childReal, false);
        else if (firstSight(childReal))
          files.push({ path: child, size: lst.size, mtimeMs: Math.trunc(lst.mtimeMs), kind: classify(child) });
      }
    } else if (st.isFile() && firstSight(real)) {
      files.push({ path: p, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), kind: classify(p) });
    }
  }

  /** True the first time a file's real path is seen. */
  function firstSight(real: string): boolean {
    if (seenFiles.has(real)) return false;
    seenFiles.add(real);
    return true;
  }

  for (const input of inputs) await visit(path.resolve(input), null, true);
  return { files, problems, dirs, filesInUnchangedDirs };
}

/** p is resolved and a directory entry has no separator: joining by hand skips normalising 46k paths. */
function join(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}
