/**
 * A role's path, for the calls whose record does not carry it. An assumed-role session's ARN never
 * holds the role's path (arn:aws:sts::B:assumed-role/<name>/<session>), and the key owner's copy of
 * a call from another account has no sessionContext.sessionIssuer, so kms_events.sql reads the role
 * off the session ARN as arn:aws:iam::B:role/<name>. For a role with a path (every IAM Identity
 * Center role: role/aws-reserved/sso.amazonaws.com/…; service-role/…) that names a role that does
 * not exist and splits one role into two principals. IAM role names are unique in an account, path
 * or not, so where another record's sessionIssuer names the role in full, those calls take that
 * ARN. Two different full ARNs for one name (a role deleted and made again under another path) are
 * left as they are: which one made the call cannot be told.
 *
 * Runs after every ingest that added events, with alias resolution (lib/ingest/rollups.ts): the
 * record that names the role in full may arrive later (another account's trail ingested next).
 * Athena has no such step: there the role keeps the path-less name (docs/athena.md).
 */
export const RESOLVE_ROLE_PATHS_SQL = `
WITH issuers AS (
  -- A role's principal with a path came from a sessionIssuer (one read off a session ARN has none):
  -- the principal column is read, not the wide identity struct.
  SELECT DISTINCT principal AS role_arn
  FROM kms_events
  WHERE principal_type = 'AssumedRole'
),
with_path AS (
  SELECT regexp_replace(role_arn, ':role/.*/', ':role/') AS short_arn, min(role_arn) AS role_arn, count(*) AS n
  FROM issuers
  WHERE regexp_matches(role_arn, '^arn:[^:]+:iam::[0-9]{12}:role/.+/')
  GROUP BY 1
)
UPDATE kms_events AS e SET principal = p.role_arn
FROM with_path AS p
WHERE p.n = 1 AND e.principal = p.short_arn AND e.principal_type = 'AssumedRole'
  AND e.useridentity.sessioncontext.sessionissuer.arn IS NULL
`;
