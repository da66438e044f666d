-- principals_named: the principals a short name may mean, for a principal page asked for by a
-- name instead of an ARN (/principals/AppServerRole): those whose ARN ends in the name after its
-- last "/" or ":", any case (role/AppServerRole, user/app, …:root), or that are the name
-- (s3.amazonaws.com). Reads every partition: it runs only when no principal is named so.
-- Params (in order):
--   1 name  varchar  e.g. 'AppServerRole'
--   2 name  varchar  again
-- Rows: principal, calls (over all the logs); the busiest first, at most 20
WITH candidates AS (
  SELECT principal
  FROM kms_events
  -- strpos first: a cheap test that leaves the regular expression a handful of rows.
  WHERE strpos(lower(principal), lower(?)) > 0
),
named AS (
  SELECT principal, count(*) AS calls
  FROM candidates
  WHERE lower(regexp_extract(principal, '[^/:]+$')) = lower(?)
  GROUP BY principal
)
SELECT
  principal AS principal,
  calls AS calls
FROM named
ORDER BY calls DESC, principal
LIMIT 20
