-- CSAT (1–5) and CES (1–7) per branch and branch-local day, computed by the analytics worker with
-- packages/metrics (csat, ces): n, mean, top-box share (CSAT 4–5, CES 5–7) and its 95% Wilson
-- interval. Corrections replace (survey_responses_latest).
CREATE TABLE IF NOT EXISTS satisfaction_daily_v1
(
    branch_id        LowCardinality(String),
    region           LowCardinality(String),
    local_date       Date,
    n_csat           UInt32,
    csat_mean        Nullable(Float64),
    csat_top_share   Nullable(Float64) COMMENT 'share of answers 4–5',
    csat_top_low     Nullable(Float64),
    csat_top_high    Nullable(Float64),
    n_ces            UInt32,
    ces_mean         Nullable(Float64),
    ces_top_share    Nullable(Float64) COMMENT 'share of answers 5–7 (easy)',
    ces_top_low      Nullable(Float64),
    ces_top_high     Nullable(Float64),
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, local_date);

CREATE VIEW IF NOT EXISTS satisfaction_daily AS SELECT * FROM satisfaction_daily_v1 FINAL;
