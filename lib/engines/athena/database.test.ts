import { AthenaClient } from '@aws-sdk/client-athena';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { EngineError } from '../types';
import { createAthenaClient, loadAthenaSettings, type AthenaSettings } from './database';

function failure(env: Record<string, string | undefined>): EngineError {
  try {
    loadAthenaSettings(env);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error('expected the settings to be refused');
}

describe('loadAthenaSettings', () => {
  it('applies the defaults', () => {
    expect(loadAthenaSettings({ ATHENA_DATABASE: 'trail' })).toEqual({
      ATHENA_DATABASE: 'trail',
      ATHENA_TABLE: 'cloudtrail_logs',
      ATHENA_WORKGROUP: 'primary',
      ATHENA_OUTPUT_LOCATION: undefined,
      ATHENA_CATALOG: 'AwsDataCatalog',
      ATHENA_RESULT_REUSE_MINUTES: 60,
      ATHENA_MAX_CONCURRENT: 4,
      ATHENA_CACHE_SECONDS: 60,
      KEYTRAIL_QUERY_TIMEOUT: 120,
    });
  });

  it('reads every setting', () => {
    const s = loadAthenaSettings({
      ATHENA_DATABASE: 'security-lake',
      ATHENA_TABLE: 'Org_Trail',
      ATHENA_WORKGROUP: 'keytrail.v3',
      ATHENA_OUTPUT_LOCATION: 's3://results-bucket/keytrail/',
      ATHENA_CATALOG: 'other',
      ATHENA_RESULT_REUSE_MINUTES: '0',
      ATHENA_MAX_CONCURRENT: '10',
      ATHENA_CACHE_SECONDS: '0',
      KEYTRAIL_QUERY_TIMEOUT: '30',
    });
    expect(s).toMatchObject({
      ATHENA_DATABASE: 'security-lake',
      ATHENA_TABLE: 'org_trail',
      ATHENA_WORKGROUP: 'keytrail.v3',
      ATHENA_OUTPUT_LOCATION: 's3://results-bucket/keytrail/',
      ATHENA_RESULT_REUSE_MINUTES: 0,
      ATHENA_MAX_CONCURRENT: 10,
      ATHENA_CACHE_SECONDS: 0,
      KEYTRAIL_QUERY_TIMEOUT: 30,
    });
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const s = loadAthenaSettings({ ATHENA_DATABASE: 'trail', ATHENA_OUTPUT_LOCATION: '', ATHENA_TABLE: ' ', ATHENA_MAX_CONCURRENT: '' });
    expect(s.ATHENA_OUTPUT_LOCATION).toBeUndefined();
    expect(s.ATHENA_TABLE).toBe('cloudtrail_logs');
    expect(s.ATHENA_MAX_CONCURRENT).toBe(4);
  });

  it('asks for ATHENA_DATABASE by name when it is missing', () => {
    for (const env of [{}, { ATHENA_DATABASE: '' }]) {
      const e = failure(env);
      expect(e.kind).toBe('unavailable');
      expect(e.message).toBe('Set ATHENA_DATABASE to the Glue database that holds your CloudTrail table.');
      expect(e.detail).toEqual({ setting: 'ATHENA_DATABASE' });
    }
  });

  it.each([
    ['ATHENA_DATABASE', 'trail; DROP'],
    ['ATHENA_TABLE', 'x; DROP TABLE y'],
    ['ATHENA_TABLE', 'db.table'],
    ['ATHENA_WORKGROUP', 'a b'],
    ['ATHENA_OUTPUT_LOCATION', 'results-bucket/keytrail/'],
    ['ATHENA_OUTPUT_LOCATION', 'https://results-bucket.s3.amazonaws.com/'],
    ['ATHENA_OUTPUT_LOCATION', 's3://'],
    ['ATHENA_RESULT_REUSE_MINUTES', '10081'],
    ['ATHENA_RESULT_REUSE_MINUTES', '-1'],
    ['ATHENA_MAX_CONCURRENT', '0'],
    ['ATHENA_MAX_CONCURRENT', 'many'],
    ['ATHENA_CACHE_SECONDS', '1.5'],
    ['KEYTRAIL_QUERY_TIMEOUT', '0'],
  ])('names %s when it is %j', (name, value) => {
    const e = failure({ ATHENA_DATABASE: 'trail', [name]: value });
    expect(e.kind).toBe('unavailable');
    expect(e.detail?.setting).toBe(name);
    expect(e.message.startsWith(name)).toBe(true);
  });

  it('types ATHENA_DATABASE as always present', () => {
    expectTypeOf<AthenaSettings['ATHENA_DATABASE']>().toEqualTypeOf<string>();
  });
});

describe('createAthenaClient', () => {
  it('leaves retries to the engine and bounds each HTTP call', async () => {
    const c = createAthenaClient({ KEYTRAIL_QUERY_TIMEOUT: 10 });
    expect(c).toBeInstanceOf(AthenaClient);
    expect(await c.config.maxAttempts()).toBe(1);
    c.destroy();
  });
});
