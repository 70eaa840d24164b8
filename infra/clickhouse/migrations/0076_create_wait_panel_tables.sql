-- The quality console's floor page (issue 12): the waiting panel's figures, materialised per branch
-- by the analytics worker's floor job (nightly, or `quality -- floor refresh`) so the page reads a
-- few rows by primary key instead of scanning every visit joined to its answer per request. Each
-- refresh copies the views wait_loyalty and wait_cost (migrations 0071, 0075) whole with one
-- INSERT … SELECT each, so the views stay the one home of the definitions (and stay for analysts),
-- then deletes the rows of earlier refreshes: a bin or branch the views no longer return is gone
-- from the table too. computed_at is the refresh's as-of time, shown on the page.
CREATE TABLE IF NOT EXISTS wait_loyalty_v1
(
    branch_id        LowCardinality(String),
    wait_from_min    UInt16,
    wait_to_min      Nullable(UInt16) COMMENT 'NULL: the open 60+ bin',
    n                UInt32 COMMENT 'answered visits',
    promoters        UInt32,
    detractors       UInt32,
    nps              Float64,
    nps_low          Float64 COMMENT '95 %, adjusted Wald',
    nps_high         Float64,
    promoter_share   Float64,
    promoter_low     Float64 COMMENT '95 %, Wilson',
    promoter_high    Float64,
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, wait_from_min);

CREATE TABLE IF NOT EXISTS wait_cost_v1
(
    branch_id              LowCardinality(String),
    p90_wait_min           Float64,
    slow_answers           UInt32,
    other_answers          UInt32,
    slow_detractor_share   Float64,
    other_detractor_share  Float64,
    excess_detractor_share Float64,
    excess_low             Float64 COMMENT '95 %, Wald',
    excess_high            Float64,
    slow_customers         UInt32,
    slow_customers_clv     Float64,
    clv_at_risk            Float64,
    clv_at_risk_low        Float64,
    clv_at_risk_high       Float64,
    computed_at            DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY branch_id;
