import { describe, expect, it } from 'vitest';
import { contextKind, contextPairs } from './encryption-context';

describe('contextPairs', () => {
  it('reads the pairs in the caller’s order, values as text', () => {
    expect(contextPairs('{"z":"1","a":"arn:aws:s3:::b/k"}')).toEqual([
      ['z', '1'],
      ['a', 'arn:aws:s3:::b/k'],
    ]);
    // KMS only takes strings; a hand-made record's number or object stays visible as its JSON.
    expect(contextPairs('{"n":5,"o":{"x":"<b>"}}')).toEqual([
      ['n', '5'],
      ['o', '{"x":"<b>"}'],
    ]);
  });

  it('is null for no context, bad JSON or a JSON value that is not an object', () => {
    for (const t of [null, '', 'not json', '[]', '"s"', 'null', '5']) expect(contextPairs(t)).toBeNull();
  });
});

describe('contextKind', () => {
  it('names the data by the AWS service key the context holds', () => {
    expect(contextKind([['aws:s3:arn', 'arn:aws:s3:::b/k']])).toBe('S3 object or bucket');
    expect(
      contextKind([
        ['SecretARN', 'arn:aws:secretsmanager:us-east-1:1:secret:x'],
        ['SecretVersionId', 'v'],
      ]),
    ).toBe('Secrets Manager secret');
    expect(contextKind([['PARAMETER_ARN', 'arn:aws:ssm:us-east-1:1:parameter/p']])).toBe('SSM parameter');
    // CloudTrail's own context names the trail and the log file's S3 object: the trail wins.
    expect(
      contextKind([
        ['aws:cloudtrail:arn', 'arn:aws:cloudtrail:us-east-1:1:trail/t'],
        ['aws:s3:arn', 'arn:aws:s3:::logs/AWSLogs/x.json.gz'],
      ]),
    ).toBe('CloudTrail log file');
  });

  it('gives no label to an application’s own context', () => {
    expect(contextKind([['tenantId', 't-1']])).toBeNull();
    expect(contextKind([])).toBeNull();
  });
});
