-- store_span: how much KMS activity the store holds, and when, so the UI can say
-- "no events in this range; the latest is …" instead of an empty chart.
-- Params: none.
-- Rows: events, firstEvent, lastEvent, keys
WITH stats AS (
  SELECT count(*) AS events, min(event_ts) AS first_event, max(event_ts) AS last_event,
    count(DISTINCT key_arn) AS keys
  FROM kms_events
)
SELECT events AS events, first_event AS firstEvent, last_event AS lastEvent, keys AS keys
FROM stats
