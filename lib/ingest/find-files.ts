import fs2 from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export type FileKind = 'log' | 'digest' | 'other';

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
}

const LOG_NAME = /\.json(\.gz)?$/i;

/** CloudTrail writes digests under CloudTrail-Digest/ and names them *_CloudTrail-Digest_*. */
export function classify(p: string): FileKind {
  if (/(^|[\\/])CloudTrail-Digest([\\/]|$)/.test(p) || /_CloudTrail-Digest_/.test(path.basename(p))) return 'digest';
  return LOG_NAME.test(p) ? 'log' : 'other';
}

/**
 * Walks files and folders at any depth (any trail layout). Symbolic links are
 * not followed unless asked, so a link cannot pull files from outside the folder.
 */
export async function findFiles(inputs: string[], opts: { followSymlinks?: boolean } = {}): Promise<FindResult> {
  const files: FoundFile[] = [];
  const problems: FindResult['problems'] = [];

  async function visit(p: string, top: boolean): Promise<void> {
    let st;
    try {
      st = await fs.lstat(p);
      if (st.isSymbolicLink()) {
        if (!opts.followSymlinks && !top) {
          problems.push({ path: p, reason: 'symbolic link not followed (use --follow-symlinks)' });
          return;
        }
        st = await fs.stat(p);
      }
    } catch (e) {
      problems.push({ path: p, reason: top ? 'no such file or folder' : (e as Error).message });
      return;
    }
    if (st.isDirectory()) {
      let entries: string[];
      try {
        entries = await fs.readdir(p);
      } catch (e) {
        problems.push({ path: p, reason: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? e}` });
        return;
      }
      entries.sort();
      for (const name of entries) {
        // p is resolved and a directory entry has no separator: joining by hand skips normalising 46k paths.
        const child = p.endsWith(path.sep) ? p + name : p + path.sep + name;
        // Plain files (nearly all of a trail) are stat'ed synchronously: one await per file cost more than the stat.
        const lst = fs2.lstatSync(child, { throwIfNoEntry: false });
        if (lst?.isFile()) files.push({ path: child, size: lst.size, mtimeMs: Math.trunc(lst.mtimeMs), kind: classify(child) });
        else await visit(child, false);
      }
    } else if (st.isFile()) {
      files.push({ path: p, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), kind: classify(p) });
    }
  }

  for (const input of inputs) await visit(path.resolve(input), true);
  return { files, problems };
}
