-- recent_comments_v1: every survey and questionnaire comment, ordered by branch and time, so the
-- console's "recent comments" reads the newest few rows of one branch (in key order, backwards)
-- instead of sorting the branch's whole period of responses. Filled on insert; a redelivered or
-- corrected response is one row per event (LIMIT 1 BY response_id on read keeps the newest).
CREATE TABLE IF NOT EXISTS recent_comments_v1
(
    branch_id     LowCardinality(String),
    occurred_at   DateTime64(3, 'UTC'),
    event_id      String,
    response_id   String,
    channel       LowCardinality(String),
    nps           Nullable(UInt8),
    comment       String,
    local_date    Date,
    received_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(received_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, occurred_at, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS recent_comments_mv TO recent_comments_v1 AS
SELECT branch_id, occurred_at, event_id, response_id, channel, nps, comment, local_date, received_at
FROM survey_responses_v1
WHERE comment != '';

INSERT INTO recent_comments_v1
SELECT branch_id, occurred_at, event_id, response_id, channel, nps, comment, local_date, received_at
FROM survey_responses_v1 FINAL
WHERE comment != '';
