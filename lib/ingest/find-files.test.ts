import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test/fixtures';
import { classify, findFiles } from './find-files';

describe('findFiles', () => {
  it('walks any depth, classifies digests and non-logs, and follows no symlink out of the folder unless asked', async () => {
    const root = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.json'), '{"Records":[]}');
    const deep = path.join(root, 'AWSLogs', 'o-abcdefghij', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '02');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'a.json.gz'), '');
    fs.writeFileSync(path.join(root, 'notes.txt'), 'x');
    fs.symlinkSync(outside, path.join(root, 'link-to-outside'));
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(root, 'secret-link.json'));

    const r = await findFiles([root]);
    expect(r.files.map((f) => [path.relative(root, f.path), f.kind]).sort()).toEqual([
      ['AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2026/01/02/a.json.gz', 'log'],
      ['notes.txt', 'other'],
    ]);
    expect(r.problems.map((p) => path.basename(p.path)).sort()).toEqual(['link-to-outside', 'secret-link.json']);
    expect(r.problems[0].reason).toMatch(/symbolic link not followed/);

    const followed = await findFiles([root], { followSymlinks: true });
    expect(followed.files.some((f) => f.path.endsWith('secret.json'))).toBe(true);
  });

  it('finds each file once by its real path, however the inputs overlap', async () => {
    const root = tempDir();
    const day = path.join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '02');
    fs.mkdirSync(day, { recursive: true });
    for (const n of ['a', 'b']) fs.writeFileSync(path.join(day, `${n}.json.gz`), '');
    fs.writeFileSync(path.join(root, 'top.json'), '');
    const alias = path.join(tempDir(), 'alias');
    fs.symlinkSync(root, alias);
    const names = (r: { files: { path: string }[] }) => r.files.map((f) => path.relative(root, f.path));
    const all = [
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/a.json.gz',
      'AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/b.json.gz',
      'top.json',
    ];

    // A folder twice, a folder and one inside it (either order), a file inside it, a link to it.
    expect(names(await findFiles([root, root]))).toEqual(all);
    expect(names(await findFiles([root, path.join(root, 'AWSLogs'), path.join(day, 'a.json.gz')]))).toEqual(all);
    expect(names(await findFiles([path.join(root, 'AWSLogs'), root]))).toEqual(all);
    expect(names(await findFiles([path.join(day, 'b.json.gz'), root]))).toEqual([all[1], all[0], all[2]]);
    const viaLink = await findFiles([alias, root]);
    expect(viaLink.files.map((f) => path.relative(alias, f.path))).toEqual(all);
    expect(viaLink.problems).toEqual([]);

    // A followed link back up the tree is walked once, not round and round.
    fs.symlinkSync(root, path.join(day, 'loop'));
    expect(names(await findFiles([root], { followSymlinks: true }))).toEqual(all);

    // Files a vouched-for folder counts are not listed again by an input inside it, nor counted twice.
    const first = await findFiles([root]);
    const again = await findFiles([root, path.join(day, 'a.json.gz'), day], { unchangedDirs: first.dirs });
    expect(again.files).toEqual([]);
    expect(again.filesInUnchangedDirs).toBe(3);
  });

  it('passes over downloads in progress and files gone between the listing and their stat, and finds a renamed one under its new name', async () => {
    const dir = tempDir();
    const day = path.join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '11', '20');
    fs.mkdirSync(day, { recursive: true });
    const final = path.join(day, '111122223333_CloudTrail_us-east-1_20261120T0005Z_b.json.gz');
    const temp = `${final}.9fA3kQ2z`;
    fs.writeFileSync(temp, 'x');
    // And a file deleted between the listing and its stat (a sync that replaces it, a cleanup).
    const gone = path.join(day, '111122223333_CloudTrail_us-east-1_20261120T0000Z_a.json.gz');
    fs.writeFileSync(gone, 'x');
    const readdir = fsp.readdir.bind(fsp);
    // The day folder is listed with the temp name; the sync renames it before the walk stats it.
    const spy = vi.spyOn(fsp, 'readdir').mockImplementation((async (p: fs.PathLike, o?: unknown) => {
      const names = await readdir(p, o as undefined);
      if (p === day && fs.existsSync(temp)) {
        fs.renameSync(temp, final);
        fs.rmSync(gone);
      }
      return names;
    }) as typeof fsp.readdir);
    // A download still in progress beside it: passed over, not listed (nor recorded as skipped).
    fs.writeFileSync(path.join(day, '111122223333_CloudTrail_us-east-1_20261120T0010Z_c.json.gz.a1B2c3D4'), 'x');
    fs.writeFileSync(path.join(day, '111122223333_CloudTrail_us-east-1_20261120T0015Z_d.json.gz.partial'), 'x');
    try {
      const first = await findFiles([dir]);
      expect(first.problems).toEqual([]);
      expect(first.files).toEqual([]);
      expect((await findFiles([dir])).files.map((f) => f.path)).toEqual([final]);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports a missing input instead of failing', async () => {
    const r = await findFiles(['/no/such/folder']);
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual([{ path: '/no/such/folder', reason: 'no such file or folder' }]);
  });

  it('knows CloudTrail digest files by folder and by name', () => {
    expect(classify('/x/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/01/f.json.gz')).toBe('digest');
    expect(classify('/x/111_CloudTrail-Digest_us-east-1_t_us-east-1_20260101T000000Z.json.gz')).toBe('digest');
    expect(classify('/x/AWSLogs/1/CloudTrail-Insight/us-east-1/2026/01/01/f.json.gz')).toBe('insight');
    expect(classify('/x/111_CloudTrail-Insight_us-east-1_20260101T0000Z_abc.json.gz')).toBe('insight');
    expect(classify('/x/AWSLogs/1/CloudTrail/us-east-1/2026/01/01/111_CloudTrail_us-east-1_20260101T0000Z_abc.json.gz')).toBe('log');
    expect(classify('/x/111_CloudTrail_us-east-1_20260101T0000Z_abc.json.gz')).toBe('log');
  });

  it('counts the files of a folder whose time is unchanged without listing them, and still walks its subfolders', async () => {
    const root = tempDir();
    const day = path.join(root, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '01', '02');
    fs.mkdirSync(day, { recursive: true });
    for (const n of ['a', 'b']) fs.writeFileSync(path.join(day, `${n}.json.gz`), '');
    const first = await findFiles([root]);
    expect(first.files).toHaveLength(2);
    expect(first.filesInUnchangedDirs).toBe(0);

    // Vouch for every folder as walked: nothing is listed, everything is counted.
    const again = await findFiles([root], { unchangedDirs: first.dirs });
    expect(again.files).toEqual([]);
    expect(again.filesInUnchangedDirs).toBe(2);

    // A new day folder: its parent's time changes, and the new folder is walked.
    const next = path.join(path.dirname(day), '03');
    fs.mkdirSync(next);
    fs.writeFileSync(path.join(next, 'c.json.gz'), '');
    const later = await findFiles([root], { unchangedDirs: first.dirs });
    expect(later.files.map((f) => path.basename(f.path))).toEqual(['c.json.gz']);
    expect(later.filesInUnchangedDirs).toBe(2);

    // A file added to a vouched folder changes its time: the folder is listed again.
    fs.utimesSync(day, new Date(0), new Date(0));
    const memo = new Map((await findFiles([root])).dirs);
    fs.writeFileSync(path.join(day, 'd.json.gz'), '');
    const added = await findFiles([root], { unchangedDirs: memo });
    expect(added.files.map((f) => path.basename(f.path)).sort()).toEqual(['a.json.gz', 'b.json.gz', 'd.json.gz']);
    expect(added.filesInUnchangedDirs).toBe(1);
  });
});
