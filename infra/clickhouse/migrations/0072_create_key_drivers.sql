-- What drives loyalty (issue 14): Johnson's relative weights of the five quality dimensions for
-- the questionnaire's NPS answer (0–10) and for being a promoter (1/0), per branch and for the
-- network (branch_id '*'), with 95 % bootstrap intervals; written by the analytics worker's floor
-- job (packages/metrics relativeWeights). One row per term: each dimension, and the summaries
-- 'soft' (attitude + efficiency + performance + process), 'hard' (facilities), 'soft_minus_hard'
-- and 'r2'. expected_gain: answer points (0–10) the dimension's move to its target would bring,
-- importance (the weight's implied slope √weight · sd(answer) / sd(dimension)) × distance.
CREATE TABLE IF NOT EXISTS key_drivers_v1
(
    branch_id        LowCardinality(String) COMMENT '''*'' = the whole network',
    outcome          LowCardinality(String) COMMENT 'nps_answer (0–10) | promoter (1/0)',
    term             LowCardinality(String) COMMENT 'a dimension, or soft | hard | soft_minus_hard | r2',
    from_date        Date,
    to_date          Date COMMENT 'inclusive',
    n                UInt32 COMMENT 'respondents: questionnaires with all five dimensions and an NPS answer (own, else their visit''s)',
    weight           Nullable(Float64) COMMENT 'raw relative weight: share of the outcome variance (sums to r2)',
    weight_low       Nullable(Float64),
    weight_high      Nullable(Float64),
    share            Nullable(Float64) COMMENT 'weight / r2',
    share_low        Nullable(Float64),
    share_high       Nullable(Float64),
    slope            Nullable(Float64) COMMENT 'least-squares slope, outcome units per perception point',
    slope_low        Nullable(Float64),
    slope_high       Nullable(Float64),
    mean_perception  Nullable(Float64),
    target           Nullable(Float64),
    target_source    LowCardinality(String) COMMENT 'standard (in force) | default (configuration)',
    expected_gain    Nullable(Float64),
    gain_rank        UInt8 COMMENT '1 = open here first; 0 for summary terms',
    verdict          String COMMENT 'for soft_minus_hard: soft | hard | no difference | not enough data',
    replicates       UInt16,
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, outcome, term);

CREATE OR REPLACE VIEW key_drivers AS
SELECT * FROM key_drivers_v1 FINAL
WHERE term IN ('attitude', 'efficiency', 'performance', 'process', 'facilities');

CREATE OR REPLACE VIEW soft_vs_hard AS
SELECT branch_id, outcome, n, from_date, to_date,
       anyIf(weight, term = 'soft') AS soft_weight, anyIf(weight_low, term = 'soft') AS soft_low, anyIf(weight_high, term = 'soft') AS soft_high,
       anyIf(weight, term = 'hard') AS hard_weight, anyIf(weight_low, term = 'hard') AS hard_low, anyIf(weight_high, term = 'hard') AS hard_high,
       anyIf(weight, term = 'soft_minus_hard') AS difference, anyIf(weight_low, term = 'soft_minus_hard') AS difference_low,
       anyIf(weight_high, term = 'soft_minus_hard') AS difference_high, anyIf(verdict, term = 'soft_minus_hard') AS answer,
       anyIf(weight, term = 'r2') AS r2, anyIf(weight_low, term = 'r2') AS r2_low, anyIf(weight_high, term = 'r2') AS r2_high
FROM key_drivers_v1 FINAL
GROUP BY branch_id, outcome, n, from_date, to_date;
