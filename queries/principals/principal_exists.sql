-- principal_exists: whether the logs name a principal at all (its own calls, or, for a session ARN,
-- calls under its role): a principal page answers 404 when they never do. The first match ends the
-- read: a principal with calls is found at once, where principal_seen.sql counts every call first.
-- Reads every partition (the page remembers a principal found for a minute: lib/server/data.ts).
-- Params (in order):
--   1 principal  varchar  as the page names it
--   2 principal  varchar  again, as a session ARN (arn:aws:sts::…:assumed-role/<role>/<session>)
-- Rows: principal (the principal the match is filed under); none when the logs never name it
WITH matches AS (
  SELECT principal
  FROM kms_events
  WHERE (principal = ? OR session_arn = ?)
    AND principal IS NOT NULL
)
SELECT principal AS principal
FROM matches
LIMIT 1
