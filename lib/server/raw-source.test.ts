import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RawRecordError } from '../engines/raw-record-error';
import { EngineError } from '../engines/types';
import { readRaw } from './raw-source';

/** On Athena, a delivery file S3 no longer has is "gone" like a missing local file; other failures stay engine errors. */
const s3 = mockClient(S3Client);
afterEach(() => s3.reset());
const named = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('readRaw on Athena', () => {
  it.each(['NoSuchKey', 'NoSuchBucket'])('%s: the file is gone', async (name) => {
    s3.on(GetObjectCommand).rejects(named(name, 404));
    await expect(readRaw('athena', 's3://trail/AWSLogs/x.json.gz', 'e-1')).rejects.toBeInstanceOf(RawRecordError);
  });

  it('access denied stays an engine error that names the fix', async () => {
    s3.on(GetObjectCommand).rejects(named('AccessDenied', 403));
    const e = await readRaw('athena', 's3://trail/AWSLogs/x.json.gz', 'e-1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EngineError);
    expect((e as Error).message).toMatch(/s3:GetObject/);
  });

  it('no file recorded: says so', async () => {
    await expect(readRaw('duckdb', null, 'e-1')).rejects.toThrow(/does not say which delivery file/);
  });
});
