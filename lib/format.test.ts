import { describe, expect, it } from 'vitest';
import { daySpans, deliveryFileLabel, distinctArnLabels, fmtPct, shortArn } from './format';

describe('shortArn', () => {
  it('keeps the resource part, and an IAM role or user name without its path', () => {
    expect(shortArn('arn:aws:kms:us-east-1:111122223333:key/abcd')).toBe('key/abcd');
    expect(shortArn('arn:aws:iam::111122223333:role/Admin')).toBe('role/Admin');
    expect(shortArn('arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-east-2/AWSReservedSSO_ReadOnly_ff7f')).toBe(
      'role/AWSReservedSSO_ReadOnly_ff7f',
    );
    expect(shortArn('arn:aws:iam::111122223333:user/teams/ops/alice')).toBe('user/alice');
    expect(shortArn('arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com')).toBe('assumed-role/Admin/alice@example.com');
    expect(shortArn('kms.amazonaws.com')).toBe('kms.amazonaws.com');
    expect(shortArn(null)).toBe('—');
  });
});

describe('distinctArnLabels', () => {
  const role = (acct: string, name: string) => `arn:aws:iam::${acct}:role/${name}`;
  const key = (region: string, acct: string, id: string) => `arn:aws:kms:${region}:${acct}:key/${id}`;

  it('keeps the short label when it is unique', () => {
    const m = distinctArnLabels([role('111122223333', 'App'), role('111122223333', 'Admin')], shortArn);
    expect([...m.values()]).toEqual(['role/App', 'role/Admin']);
  });

  it('adds the account when the same role name is in two accounts', () => {
    const a = role('111122223333', 'App');
    const b = role('444455556666', 'App');
    const m = distinctArnLabels([a, b, a], shortArn);
    expect(m.get(a)).toBe('role/App (111122223333)');
    expect(m.get(b)).toBe('role/App (444455556666)');
  });

  it('adds the region when one account has the same alias in two regions, and both when neither alone tells them apart', () => {
    const alias = () => 'app';
    const e1 = key('us-east-1', '111122223333', 'a');
    const w1 = key('eu-west-1', '111122223333', 'b');
    expect([...distinctArnLabels([e1, w1], alias).values()]).toEqual(['app (us-east-1)', 'app (eu-west-1)']);
    const e2 = key('us-east-1', '444455556666', 'c');
    const w2 = key('eu-west-1', '444455556666', 'd');
    const m = distinctArnLabels([e1, w1, e2, w2], alias);
    expect(new Set(m.values()).size).toBe(4);
    expect(m.get(w2)).toBe('app (eu-west-1 444455556666)');
  });

  it('falls back to the full value when nothing else tells two apart (not ARNs)', () => {
    const m = distinctArnLabels(['kms.amazonaws.com', 'KMS.amazonaws.com'], (s) => s.toLowerCase());
    expect([...m.values()]).toEqual(['kms.amazonaws.com', 'KMS.amazonaws.com']);
  });
});

describe('deliveryFileLabel', () => {
  const key =
    'AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/us-east-1/2026/11/20/111122223333_CloudTrail_us-east-1_20261120T1205Z_x.json.gz';
  it('names a local file by its S3 key, whatever folder holds it', () => {
    expect(deliveryFileLabel(`/srv/keytrail/logs/${key}`)).toBe(key);
    expect(deliveryFileLabel(`C:\\trails\\${key.split('/').join('\\')}`)).toBe(key);
    // A bucket synced into a folder itself named AWSLogs: the innermost one starts the key.
    expect(deliveryFileLabel(`/data/AWSLogs/${key}`)).toBe(key);
  });
  it('starts at the account (or organisation) folder when the bucket was synced from AWSLogs/', () => {
    expect(deliveryFileLabel(`/srv/logs/${key.slice('AWSLogs/'.length)}`)).toBe(key.slice('AWSLogs/'.length));
    expect(deliveryFileLabel('/srv/logs/111122223333/CloudTrail/eu-west-1/2026/11/20/f.json.gz')).toBe(
      '111122223333/CloudTrail/eu-west-1/2026/11/20/f.json.gz',
    );
  });
  it('keeps an S3 URI, and names a file outside the layout by its name', () => {
    expect(deliveryFileLabel(`s3://trail-bucket/${key}`)).toBe(`s3://trail-bucket/${key}`);
    expect(deliveryFileLabel('/tmp/export/one.json')).toBe('one.json');
  });
});

describe('fmtPct', () => {
  it('never rounds a share to 0% or 100% that is not exactly that', () => {
    expect(fmtPct(9841, 9843)).toBe('>99.9%');
    expect(fmtPct(1, 5000)).toBe('<0.1%');
    expect(fmtPct(993, 1000)).toBe('99.3%');
    expect(fmtPct(5, 5)).toBe('100%');
    expect(fmtPct(0, 5)).toBe('0%');
    expect(fmtPct(1, 3)).toBe('33%');
    expect(fmtPct(1, 20)).toBe('5.0%');
    expect(fmtPct(1, 0)).toBe('—');
  });
});

describe('daySpans', () => {
  it('joins consecutive days into one span, keeps lone days, and crosses month ends', () => {
    expect(daySpans([])).toEqual([]);
    expect(daySpans(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-05', '2026-12-07', '2026-12-08'])).toEqual([
      '2026-11-30 → 2026-12-02 (3 days)',
      '2026-12-05',
      '2026-12-07 → 2026-12-08 (2 days)',
    ]);
  });
});
