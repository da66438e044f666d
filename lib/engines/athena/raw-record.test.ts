import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import { parseS3Uri, readRawRecord } from './raw-record';

/** Reading one record back from its delivery file in S3, against a mocked S3 client. */
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const FILE =
  's3://org-trail/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2026/03/01/111122223333_CloudTrail_eu-west-1_20260301T1000Z_x.json.gz';
const KEY = FILE.slice('s3://org-trail/'.length);

const ID = '6f1c2f3e-0d9a-4c0b-9a57-2b1de07a3f10';
// Exact text matters: key order, spacing and escapes as CloudTrail wrote them, not a re-serialisation.
const target = `{"eventVersion":"1.08","eventTime":"2026-03-01T10:00:00Z","eventSource":"kms.amazonaws.com","eventName":"Decrypt","requestParameters":{"encryptionContext":{"k":"caf\\u00e9 \\"q\\""}},"eventID":"${ID}"}`;
// Names the id too, but as request data: the prefilter lets it through, the parse must reject it.
const decoy = `{"eventVersion":"1.08","eventName":"Encrypt","requestParameters":{"note":"${ID}"},"eventID":"11111111-2222-3333-4444-555555555555"}`;
const other = '{"eventVersion":"1.08","eventName":"GenerateDataKey","eventID":"99999999-2222-3333-4444-555555555555"}';
const file = (...records: string[]) => `{"Records":[${records.join(',')}]}`;

/** What the SDK hands back in Node is a Readable (with its mixin); the reader only iterates it. */
const body = (...chunks: Uint8Array[]) => Readable.from(chunks) as unknown as GetObjectCommandOutput['Body'];
const serve = (bytes: Uint8Array, extra: Partial<GetObjectCommandOutput> = {}) =>
  s3.on(GetObjectCommand).callsFake(async () => ({ Body: body(bytes), ContentLength: bytes.length, ...extra }));
const named = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e,
  );

beforeEach(() => {
  s3.reset();
});

describe('readRawRecord', () => {
  it('reads a gzipped delivery file and returns the record byte for byte', async () => {
    serve(gzipSync(file(other, decoy, target)));
    expect(await readRawRecord(FILE, ID, { client })).toBe(target);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'org-trail', Key: KEY }]);
  });

  it('reads a plain JSON file too: gzip is recognised by its magic bytes, not the name', async () => {
    serve(Buffer.from(`\ufeff${file(target, other)}\n`));
    expect(await readRawRecord(FILE, ID, { client })).toBe(target);
  });

  it('finds each of several records, first and last included', async () => {
    const ids = ['aaaaaaaa-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000002', 'aaaaaaaa-0000-0000-0000-000000000003'];
    const records = ids.map((id, i) => `{"eventName":"Op${i}","eventID":"${id}"}`);
    for (const [i, id] of ids.entries()) {
      serve(gzipSync(file(...records)));
      expect(await readRawRecord(FILE, id, { client })).toBe(records[i]);
    }
  });

  it('returns null when no record in the file has that eventID (even if the text appears elsewhere)', async () => {
    serve(gzipSync(file(other, decoy)));
    expect(await readRawRecord(FILE, ID, { client })).toBeNull();
    serve(gzipSync(file()));
    expect(await readRawRecord(FILE, ID, { client })).toBeNull();
    serve(Buffer.from('{"digestStartTime":"x","logFiles":[]}'));
    expect(await readRawRecord(FILE, ID, { client })).toBeNull();
    expect(await readRawRecord(FILE, '', { client })).toBeNull();
  });

  it('reads a body that arrives in many chunks', async () => {
    const gz = gzipSync(file(other, target));
    const parts = Array.from({ length: gz.length }, (_, i) => gz.subarray(i, i + 1));
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body(...parts) }));
    expect(await readRawRecord(FILE, ID, { client })).toBe(target);
  });

  it.each([
    'https://org-trail.s3.amazonaws.com/AWSLogs/x.json.gz',
    'S3://org-trail/AWSLogs/x.json.gz',
    's3://org-trail',
    's3://org-trail/',
    's3://org-trail/AWSLogs/',
    's3:///AWSLogs/x.json.gz',
    's3://Org_Trail/AWSLogs/x.json.gz',
    '/var/log/x.json.gz',
    '',
  ])('refuses %j without calling S3', async (uri) => {
    const e = await failure(readRawRecord(uri, ID, { client }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/Not the S3 URI of a delivery file \(s3:\/\/bucket\/key\)/);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  it('parses bucket and key', () => {
    expect(parseS3Uri('s3://a.b-c/p/AWSLogs/1/x y+z.json')).toEqual({ bucket: 'a.b-c', key: 'p/AWSLogs/1/x y+z.json' });
  });

  it('refuses a file over the cap before reading it, when S3 gives its length', async () => {
    const bytes = Buffer.from(file(target));
    serve(bytes, { ContentLength: 2 ** 40 });
    const e = await failure(readRawRecord(FILE, ID, { client }));
    expect(e).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/larger than 256 MB/) });
  });

  it('refuses a file over the cap while reading it, when S3 does not', async () => {
    const bytes = Buffer.from(file(target, other));
    s3.on(GetObjectCommand).callsFake(async () => ({ Body: body(bytes.subarray(0, 50), bytes.subarray(50)) }));
    await expect(readRawRecord(FILE, ID, { client, maxBytes: 60 })).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/larger than/),
    });
  });

  it('refuses a gzip that inflates past the cap', async () => {
    const gz = gzipSync(file(target, ...Array.from({ length: 200 }, () => other)));
    serve(gz);
    expect(gz.length).toBeLessThan(1000);
    await expect(readRawRecord(FILE, ID, { client, maxBytes: 1000 })).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/larger than/),
    });
  });

  it('says what is wrong with a corrupt file', async () => {
    serve(gzipSync(file(other, target)).subarray(0, 40));
    await expect(readRawRecord(FILE, ID, { client })).rejects.toMatchObject({
      message: expect.stringMatching(/could not be decompressed/),
    });
    serve(Buffer.from(file(other, target)).subarray(0, 120));
    await expect(readRawRecord(FILE, ID, { client })).rejects.toMatchObject({
      message: expect.stringMatching(/is not valid JSON: .*truncated/),
    });
  });

  it.each([
    [named('AccessDenied', 403), /needs s3:GetObject on the trail bucket/],
    [named('Forbidden', 403), /needs s3:GetObject/],
    [named('NoSuchKey', 404), /no longer in S3/],
    [named('NoSuchBucket', 404), /bucket .* does not exist/],
  ])('maps %s to a message naming the fix', async (err, message) => {
    s3.on(GetObjectCommand).rejects(err);
    const e = await failure(readRawRecord(FILE, ID, { client }));
    expect(e).toBeInstanceOf(EngineError);
    expect(e).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(message) });
    expect((e as Error).message).toContain(FILE);
  });

  it('keeps any other S3 failure internal, with the reason for the log', async () => {
    s3.on(GetObjectCommand).rejects(named('InternalError', 500));
    await expect(readRawRecord(FILE, ID, { client })).rejects.toMatchObject({
      kind: 'internal',
      detail: { reason: expect.stringContaining('InternalError') },
    });
  });

  it('passes the request’s signal to S3, and an aborted request is cancelled', async () => {
    const ac = new AbortController();
    serve(Buffer.from(file(target)));
    await readRawRecord(FILE, ID, { client, signal: ac.signal });
    // send(command, options): the SDK's typings list only the command.
    const args: readonly unknown[] = s3.call(0).args;
    expect(args[1]).toMatchObject({ abortSignal: ac.signal });
    ac.abort();
    await expect(readRawRecord(FILE, ID, { client, signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });

  it('maps an abort during the download to cancelled', async () => {
    const ac = new AbortController();
    s3.on(GetObjectCommand).callsFake(async () => {
      ac.abort();
      throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    });
    await expect(readRawRecord(FILE, ID, { client, signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('uses a shared default client when none is given', async () => {
    serve(gzipSync(file(target)));
    expect(await readRawRecord(FILE, ID)).toBe(target);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
  });
});
