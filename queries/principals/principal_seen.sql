-- principal_seen: whether the logs hold any call by a principal, and when: whether a principal
-- page exists at all (404 when the logs never name it), and what it says when its range is empty
-- (a range to look in, the role a session ARN belongs to). Reads every partition: the page's check
-- is remembered for a minute once a principal is found (lib/server/data.ts, principalKnown).
-- Params (in order):
--   1 principal  varchar  as the page names it
--   2 principal  varchar  again
--   3 principal  varchar  again, as a session ARN (arn:aws:sts::…:assumed-role/<role>/<session>)
-- Rows: calls, firstSeen, lastSeen, sessionOf (one row; the times are NULL when the logs never
--       name it; sessionOf is the role whose session it is, when it is one)
WITH calls AS (
  SELECT event_ts, principal, principal = ? AS own
  FROM kms_events
  WHERE principal = ? OR session_arn = ?
)
SELECT
  count_if(own) AS calls,
  min(CASE WHEN own THEN event_ts END) AS firstSeen,
  max(CASE WHEN own THEN event_ts END) AS lastSeen,
  max(CASE WHEN NOT own THEN principal END) AS sessionOf
FROM calls
