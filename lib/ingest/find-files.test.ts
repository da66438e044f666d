import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('reports a missing input instead of failing', async () => {
    const r = await findFiles(['/no/such/folder']);
    expect(r.files).toEqual([]);
    expect(r.problems).toEqual([{ path: '/no/such/folder', reason: 'no such file or folder' }]);
  });

  it('knows CloudTrail digest files by folder and by name', () => {
    expect(classify('/x/AWSLogs/1/CloudTrail-Digest/us-east-1/2026/01/01/f.json.gz')).toBe('digest');
    expect(classify('/x/111_CloudTrail-Digest_us-east-1_t_us-east-1_20260101T000000Z.json.gz')).toBe('digest');
    expect(classify('/x/111_CloudTrail_us-east-1_20260101T0000Z_abc.json.gz')).toBe('log');
  });
});
