import type { QueryExecution } from '@aws-sdk/client-athena';
import { EngineError, type EngineErrorKind } from '../types';

/**
 * Athena's failures → neutral EngineErrors. The ones a person can fix by
 * changing a setting name that setting; the rest keep Athena's reason (in
 * `detail.reason`, for the log) without leaking SDK stacks.
 */

/** Throttling, by the error's name: the SDK's class names (TooManyRequests is also the active-query cap). */
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException']);

export function isThrottling(e: unknown): boolean {
  return THROTTLED.has(errorName(e));
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : '';
}

interface Hint {
  kind: EngineErrorKind;
  setting: string;
  message: string;
}

/**
 * Misconfigurations, recognised in Athena's text. A missing table or database is
 * a setting the operator fixes (types.ts: `user`); denied access is the
 * deployment's credentials, not the request (`unavailable`).
 */
const HINTS: [RegExp, Hint][] = [
  [
    /TABLE_NOT_FOUND|Table .* does not exist|Table not found/i,
    {
      kind: 'user',
      setting: 'ATHENA_TABLE',
      message:
        'A table or view KeyTrail reads was not found in ATHENA_DATABASE: run npm run athena:ddl, which creates the CloudTrail table (named by ATHENA_TABLE) and the views KeyTrail queries.',
    },
  ],
  [
    /SCHEMA_NOT_FOUND|Database .* not found|Schema .* does not exist|Database does not exist/i,
    {
      kind: 'user',
      setting: 'ATHENA_DATABASE',
      message: 'The Glue database was not found: check ATHENA_DATABASE (and the region of your AWS credentials).',
    },
  ],
  [
    /No output location provided|output location is required|OutputLocation/i,
    {
      kind: 'user',
      setting: 'ATHENA_OUTPUT_LOCATION',
      message: 'Athena has nowhere to write results: set ATHENA_OUTPUT_LOCATION to an s3:// URL, or give the workgroup an output location.',
    },
  ],
  [
    /WorkGroup .* (is not found|not found|does not exist)|WorkGroup is disabled/i,
    { kind: 'user', setting: 'ATHENA_WORKGROUP', message: 'The Athena workgroup is missing or disabled: check ATHENA_WORKGROUP.' },
  ],
  [
    /result reuse|ResultReuse/i,
    {
      kind: 'user',
      setting: 'ATHENA_RESULT_REUSE_MINUTES',
      message: 'This workgroup cannot reuse results (it needs Athena engine version 3): set ATHENA_RESULT_REUSE_MINUTES=0.',
    },
  ],
  [
    /AccessDenied|Access Denied|not authorized|Permission denied|UnrecognizedClientException|InvalidSignatureException|ExpiredToken|security token/i,
    {
      kind: 'unavailable',
      setting: 'AWS credentials',
      message:
        'Access denied: check the IAM policy of the AWS credentials KeyTrail runs with (Athena, Glue, and S3 on the trail and results buckets; docs/athena.md).',
    },
  ],
];

function hintFor(text: string): Hint | null {
  return HINTS.find(([re]) => re.test(text))?.[1] ?? null;
}

/**
 * A FAILED execution. ErrorCategory: 1 system, 2 user, 3 other. Athena's "user" is whoever wrote the
 * SQL, which here is KeyTrail (its query files), so a user-category failure that names no setting
 * (SYNTAX_ERROR, TYPE_MISMATCH, NOT_SUPPORTED, a column a stale view lacks) is a defect of ours:
 * internal, logged with Athena's reason, not shown to the person as theirs to fix.
 */
export function failureError(qe: QueryExecution | undefined, queryExecutionId: string): EngineError {
  const status = qe?.Status;
  const reason = status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? 'no reason given';
  const hint = hintFor(reason);
  if (hint) return new EngineError(hint.kind, `${hint.message} (Athena: ${reason})`, { setting: hint.setting, reason, queryExecutionId });
  return new EngineError('internal', `Athena could not run the query: ${reason}`, { reason, queryExecutionId });
}

/** An API call that threw (anything but throttling, which the caller retries). */
export function apiError(e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const name = errorName(e) || 'Error';
  const message = e instanceof Error ? e.message : String(e);
  const hint = hintFor(`${name}: ${message}`);
  if (hint) return new EngineError(hint.kind, `${hint.message} (${name}: ${message})`, { setting: hint.setting, reason: message });
  if (/CredentialsProviderError|Could not load credentials|Region is missing/i.test(`${name} ${message}`))
    return new EngineError('unavailable', `AWS credentials or region are not set up for KeyTrail: ${message}`, {
      setting: 'AWS credentials',
      reason: message,
    });
  if (/TimeoutError|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket hang up/i.test(`${name} ${message}`))
    return new EngineError('unavailable', `Athena could not be reached: ${message}`, { reason: message });
  // InvalidRequestException without a setting's hint: query text Athena cannot even start (syntax,
  // limits), which is KeyTrail's own text: internal, like a failed execution's SYNTAX_ERROR.
  if (name === 'InvalidRequestException') return new EngineError('internal', `Athena rejected the query: ${message}`, { reason: message });
  return new EngineError('internal', `Athena API call failed: ${name}: ${message}`, { reason: message });
}

export function throttledError(e: unknown, attempts: number): EngineError {
  const message = e instanceof Error ? e.message : String(e);
  return new EngineError('throttled', `Athena is throttling requests (${attempts} attempts); try again in a moment.`, { reason: message });
}
