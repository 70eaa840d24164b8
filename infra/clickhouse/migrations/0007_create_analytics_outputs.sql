-- Analytics outputs, recomputed by services/analytics-worker. Each row carries computed_at and
-- ReplacingMergeTree keeps the newest, so re-running a job replaces instead of adding.
CREATE TABLE IF NOT EXISTS nps_daily_v1
(
    branch_id    LowCardinality(String),
    region       LowCardinality(String),
    local_date   Date,
    n            UInt32,
    promoters    UInt32,
    passives     UInt32,
    detractors   UInt32,
    score        Nullable(Float64) COMMENT '100 × (P − D) / n',
    ci_low       Float64 COMMENT '95% adjusted-Wald interval',
    ci_high      Float64,
    computed_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, local_date);

CREATE TABLE IF NOT EXISTS quality_daily_v1
(
    branch_id         LowCardinality(String),
    region            LowCardinality(String),
    local_date        Date,
    quality_type      LowCardinality(String),
    dimension         LowCardinality(String),
    n_pairs           UInt32,
    n_expectation     UInt32,
    n_perception      UInt32,
    mean_expectation  Nullable(Float64),
    mean_perception   Nullable(Float64),
    gap               Nullable(Float64) COMMENT 'mean(perception − expectation) over paired answers',
    computed_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, local_date, dimension);

CREATE TABLE IF NOT EXISTS clv_estimates_v1
(
    branch_id           LowCardinality(String),
    customer_key        String,
    model               LowCardinality(String) COMMENT 'bgnbd_gammagamma',
    x                   UInt32 COMMENT 'repeat visits with spend in the calibration window',
    tx                  Float64 COMMENT 'weeks from first to last visit',
    t_age               Float64 COMMENT 'weeks from first visit to the estimate date',
    mean_spend          Float64,
    probability_alive   Float64,
    expected_visits     Float64 COMMENT 'over the horizon',
    expected_spend      Float64 COMMENT 'per visit',
    clv                 Float64 COMMENT 'discounted margin over the horizon',
    params              String COMMENT 'fitted model parameters (JSON)',
    fitted_at           DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(fitted_at)
ORDER BY (branch_id, customer_key, model);
