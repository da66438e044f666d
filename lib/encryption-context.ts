/**
 * An encryption context, as KeyTrail stores it (kms_events.encryption_context: the JSON text of
 * requestParameters.encryptionContext) and as a record holds it. The caller writes it, so it is
 * read defensively and returned as plain strings for the page to render as text.
 */

/** The context's pairs in the caller's order, or null when the text is not a JSON object. */
export function contextPairs(text: string | null): [string, string][] | null {
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  // KMS takes string values only; anything else is shown as its JSON rather than dropped.
  return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]);
}

/**
 * What the data was, from the context keys AWS services document for the contexts they pass
 * (each service's "encryption context" page in its developer guide). A context with none of
 * them (an application's own, such as a tenant id) gets no label.
 */
const SERVICE_KEYS: [key: string, what: string][] = [
  // First: CloudTrail's context also names the log file's S3 object.
  ['aws:cloudtrail:arn', 'CloudTrail log file'],
  ['aws:s3:arn', 'S3 object or bucket'],
  ['SecretARN', 'Secrets Manager secret'],
  ['PARAMETER_ARN', 'SSM parameter'],
  ['aws:ebs:id', 'EBS volume or snapshot'],
  ['aws:lambda:FunctionArn', 'Lambda function'],
  ['aws:rds:db-id', 'RDS database'],
  ['aws:dynamodb:tableName', 'DynamoDB table'],
  ['aws:elasticfilesystem:filesystem:id', 'EFS file system'],
  ['aws:logs:arn', 'CloudWatch log group'],
  ['aws:sqs:arn', 'SQS queue'],
  ['aws:sns:topicArn', 'SNS topic'],
  ['aws-crypto-public-key', 'AWS Encryption SDK message'],
];

/** The kind of data a context names, by the first AWS service key it holds; null for an application's own. */
export function contextKind(pairs: [string, string][]): string | null {
  const keys = new Set(pairs.map(([k]) => k));
  return SERVICE_KEYS.find(([k]) => keys.has(k))?.[1] ?? null;
}
