-- principal_seen: whether the logs hold any call by a principal, and when: whether a principal
-- page exists at all (404 when the logs never name it), and what it says when its range is empty
-- (a range to look in, the role a session ARN belongs to). A session ARN's calls are its own (the
-- rows whose session it is), as on the rest of its page. Reads every partition: the page's check
-- is remembered for a minute once a principal is found (lib/server/data.ts, principalKnown).
-- Params (in order):
--   1 principal  varchar  as the page names it
--   2 principal  varchar  again, as a session ARN (arn:aws:sts::…:assumed-role/<role>/<session>)
--   3 principal  varchar  again (a row that is its own principal is counted once)
-- Rows: calls, firstSeen, lastSeen, sessionOf (one row; the times are NULL when the logs never
--       name it; sessionOf is the role whose session it is, when it is one)
WITH calls AS (
  -- Parameters only in WHERE clauses (Athena's rule): one pass per way the principal is named.
  SELECT event_ts, CAST(NULL AS varchar) AS role
  FROM kms_events
  WHERE principal = ?
  UNION ALL
  SELECT event_ts, principal AS role
  FROM kms_events
  WHERE session_arn = ?
    AND (principal IS NULL OR principal <> ?)
)
SELECT
  count(*) AS calls,
  min(event_ts) AS firstSeen,
  max(event_ts) AS lastSeen,
  max(role) AS sessionOf
FROM calls
