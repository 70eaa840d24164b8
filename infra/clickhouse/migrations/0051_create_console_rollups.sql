-- Small tables the console's pages read instead of raw rows, filled on insert by materialised
-- views, so a page costs the same with ten million answers as with ten thousand.
--
-- quality_items_daily_v1: per branch × local day × questionnaire item, the count, sum and sum of
-- squares of expectation, perception and gap (P − E), so means and 95% intervals can be summed over
-- any period, item, dimension or soft/hard. Rows count answers as received: a corrected
-- questionnaire (same responseId sent again) counts each version here, while quality_daily (the
-- worker's rollup) counts the newest only. A redelivered batch is skipped with its insert block
-- (deduplicate_blocks_in_dependent_materialized_views, set by insertRows with the token).
CREATE TABLE IF NOT EXISTS quality_items_daily_v1
(
    branch_id      LowCardinality(String),
    local_date     Date,
    quality_type   LowCardinality(String),
    dimension      LowCardinality(String),
    item_id        LowCardinality(String),
    n_expectation  UInt64,
    sum_expectation Float64,
    sumsq_expectation Float64,
    n_perception   UInt64,
    sum_perception Float64,
    sumsq_perception Float64,
    n_gap          UInt64,
    sum_gap        Float64,
    sumsq_gap      Float64
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, local_date, quality_type, dimension, item_id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS quality_items_daily_mv TO quality_items_daily_v1 AS
SELECT branch_id, local_date, quality_type, dimension, item_id,
       count(expectation) AS n_expectation,
       sum(toFloat64(ifNull(expectation, 0))) AS sum_expectation,
       sum(toFloat64(ifNull(expectation, 0)) * ifNull(expectation, 0)) AS sumsq_expectation,
       count(perception) AS n_perception,
       sum(toFloat64(ifNull(perception, 0))) AS sum_perception,
       sum(toFloat64(ifNull(perception, 0)) * ifNull(perception, 0)) AS sumsq_perception,
       count(gap) AS n_gap,
       sum(toFloat64(ifNull(gap, 0))) AS sum_gap,
       sum(toFloat64(ifNull(gap, 0)) * ifNull(gap, 0)) AS sumsq_gap
FROM questionnaire_answers_v1
GROUP BY branch_id, local_date, quality_type, dimension, item_id;

-- Existing answers, once (the migration runs once; later answers arrive through the view).
INSERT INTO quality_items_daily_v1
SELECT branch_id, local_date, quality_type, dimension, item_id,
       count(expectation), sum(toFloat64(ifNull(expectation, 0))), sum(toFloat64(ifNull(expectation, 0)) * ifNull(expectation, 0)),
       count(perception), sum(toFloat64(ifNull(perception, 0))), sum(toFloat64(ifNull(perception, 0)) * ifNull(perception, 0)),
       count(gap), sum(toFloat64(ifNull(gap, 0))), sum(toFloat64(ifNull(gap, 0)) * ifNull(gap, 0))
FROM questionnaire_answers_v1 FINAL
GROUP BY branch_id, local_date, quality_type, dimension, item_id;

-- callback_detractors_v1: each detractor (NPS 0–6) who left a comment, one row per response (the
-- newest version wins), for the console's call-back cases.
CREATE TABLE IF NOT EXISTS callback_detractors_v1
(
    branch_id     LowCardinality(String),
    response_id   String,
    event_id      String,
    customer_key  String,
    nps           Nullable(UInt8),
    comment       String,
    occurred_at   DateTime64(3, 'UTC'),
    local_date    Date,
    received_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(received_at)
ORDER BY (branch_id, response_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_detractors_mv TO callback_detractors_v1 AS
SELECT branch_id, response_id, event_id, customer_key, nps, comment, occurred_at, local_date, received_at
FROM survey_responses_v1
WHERE nps_category = 'detractor' AND comment != '';

INSERT INTO callback_detractors_v1
SELECT branch_id, response_id, event_id, customer_key, nps, comment, occurred_at, local_date, received_at
FROM survey_responses_latest
WHERE nps_category = 'detractor' AND comment != '';
