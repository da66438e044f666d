import { describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import { apiError, failureError, isThrottling, throttledError } from './errors';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });
const failed = (StateChangeReason: string | undefined, ErrorCategory?: number) => ({
  Status: { State: 'FAILED' as const, StateChangeReason, AthenaError: ErrorCategory ? { ErrorCategory } : undefined },
});

describe('failureError', () => {
  it.each([
    ["TABLE_NOT_FOUND: line 3:8: Table 'awsdatacatalog.trail.kms_events' does not exist", 'user', 'ATHENA_TABLE'],
    ['SCHEMA_NOT_FOUND: line 1:15: Schema trail does not exist', 'user', 'ATHENA_DATABASE'],
    ['Database trail not found.', 'user', 'ATHENA_DATABASE'],
    [
      'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      'user',
      'ATHENA_OUTPUT_LOCATION',
    ],
    ['Access Denied (Service: Amazon S3; Status Code: 403)', 'unavailable', 'AWS credentials'],
    ['Insufficient permissions to execute the query. User is not authorized to perform: glue:GetTable', 'unavailable', 'AWS credentials'],
  ])('%s → %s naming %s', (reason, kind, setting) => {
    const e = failureError(failed(reason, 2), 'q-7');
    expect(e).toBeInstanceOf(EngineError);
    expect(e.kind).toBe(kind);
    expect(e.detail).toEqual({ setting, reason, queryExecutionId: 'q-7' });
    expect(e.message).toContain(reason);
    expect(e.message).toContain(setting === 'AWS credentials' ? 'IAM policy' : setting);
  });

  it.each([
    // Athena's "user" wrote the SQL: KeyTrail, so it is a defect of ours, not the person's to fix.
    [2, 'internal'],
    [1, 'internal'],
    [3, 'internal'],
    [undefined, 'internal'],
  ])('category %s → %s', (category, kind) => {
    expect(failureError(failed('SYNTAX_ERROR: line 1:1: mismatched input', category), 'q').kind).toBe(kind);
  });

  it('falls back to AthenaError.ErrorMessage, then to a plain phrase', () => {
    expect(failureError({ Status: { AthenaError: { ErrorMessage: 'boom' } } }, 'q').message).toContain('boom');
    expect(failureError(undefined, 'q').message).toContain('no reason given');
  });
});

describe('apiError', () => {
  it('names the setting behind common misconfigurations', () => {
    expect(apiError(named('AccessDeniedException', 'not authorized to perform: athena:StartQueryExecution'))).toMatchObject({
      kind: 'unavailable',
      detail: { setting: 'AWS credentials' },
    });
    expect(apiError(named('InvalidRequestException', 'WorkGroup nope is not found.'))).toMatchObject({
      kind: 'user',
      detail: { setting: 'ATHENA_WORKGROUP' },
    });
    expect(apiError(named('CredentialsProviderError', 'Could not load credentials from any providers'))).toMatchObject({
      kind: 'unavailable',
      detail: { setting: 'AWS credentials' },
    });
    expect(apiError(named('UnrecognizedClientException', 'The security token included in the request is invalid.'))).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('treats query text Athena rejects as internal (it is KeyTrail’s), network failures as unavailable', () => {
    expect(apiError(named('InvalidRequestException', 'line 1:1: mismatched input')).kind).toBe('internal');
    expect(apiError(named('TimeoutError', 'Connection timed out after 5000 ms')).kind).toBe('unavailable');
    expect(apiError(named('InternalServerException', 'oops')).kind).toBe('internal');
    expect(apiError('a string').kind).toBe('internal');
  });

  it('passes EngineErrors through', () => {
    const e = new EngineError('cancelled', 'x');
    expect(apiError(e)).toBe(e);
  });
});

describe('throttling', () => {
  it('is recognised by the error name', () => {
    expect(isThrottling(named('ThrottlingException', 'x'))).toBe(true);
    expect(isThrottling(named('TooManyRequestsException', 'x'))).toBe(true);
    expect(isThrottling(named('InvalidRequestException', 'Rate exceeded'))).toBe(false);
    expect(isThrottling(null)).toBe(false);
    expect(throttledError(named('ThrottlingException', 'Rate exceeded'), 5)).toMatchObject({
      kind: 'throttled',
      detail: { reason: 'Rate exceeded' },
    });
  });
});
