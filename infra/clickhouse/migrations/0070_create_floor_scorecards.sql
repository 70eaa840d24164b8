-- Window and staff scorecards (issue 14). Two layers:
-- * floor_daily_v1: the pre-aggregated rollup, one row per branch × local day × window × staff
--   member, written by the analytics worker's floor job with one INSERT … SELECT over visits joined
--   to their answers (by visit id) and to complaints (attributed to the customer's latest visit at
--   the branch in the 7 days before filing). Sums and sums of squares, so any period adds up.
-- * scorecards_v1: per window or staff member and week or month, each measure with its raw mean,
--   the empirical-Bayes estimate shrunk toward the branch (packages/metrics shrinkTowardPooledMean),
--   its 95 % interval and the change against the previous period. Staff members with fewer
--   respondents than the configured minimum are not written at all (they still count in the
--   branch's mean). staff_id is the pseudonym branch systems send; no names reach ClickHouse.
CREATE TABLE IF NOT EXISTS floor_daily_v1
(
    branch_id        LowCardinality(String),
    local_date       Date,
    window_id        String,
    staff_id         String,
    visits           UInt32,
    wait_sum         Float64 COMMENT 'seconds',
    wait_sumsq       Float64,
    service_sum      Float64 COMMENT 'seconds',
    service_sumsq    Float64,
    nps_n            UInt32 COMMENT 'visits with an NPS answer (the latest answer per visit)',
    promoters        UInt32,
    detractors       UInt32,
    dims             Array(LowCardinality(String)) COMMENT 'attitude, efficiency, performance, process, facilities',
    dim_n            Array(UInt32) COMMENT 'respondents (visits with a questionnaire), parallel to dims',
    dim_sum          Array(Float64) COMMENT 'sum of respondent means (perception 1–5)',
    dim_sumsq        Array(Float64),
    complaints       UInt32,
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, local_date, window_id, staff_id);

CREATE TABLE IF NOT EXISTS scorecards_v1
(
    branch_id        LowCardinality(String),
    level            LowCardinality(String) COMMENT 'window | staff',
    unit_id          String COMMENT 'window_id, or the staff pseudonym',
    period_kind      LowCardinality(String) COMMENT 'week (Monday–Sunday) | month',
    period_start     Date,
    period_end       Date COMMENT 'exclusive',
    measure          LowCardinality(String) COMMENT 'nps | attitude | efficiency | performance | process | facilities | wait_min | service_min',
    n                UInt32 COMMENT 'respondents (survey measures) or visits (wait, service)',
    raw              Nullable(Float64),
    estimate         Nullable(Float64) COMMENT 'shrunk toward the branch for survey measures; the raw mean for wait and service',
    low              Nullable(Float64) COMMENT '95 % interval of estimate',
    high             Nullable(Float64),
    branch_mean      Nullable(Float64),
    shrink_weight    Float64 COMMENT 'weight on the unit''s own data (1 = none pulled toward the branch)',
    previous         Nullable(Float64) COMMENT 'estimate in the previous period',
    change           Nullable(Float64),
    change_low       Nullable(Float64),
    change_high      Nullable(Float64),
    change_significant UInt8,
    rank             UInt16 COMMENT '1 = best in the branch this period among shown units (lowest for wait and service)',
    units            UInt16 COMMENT 'units ranked',
    visits           UInt32,
    complaints       UInt32,
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, level, period_kind, period_start, unit_id, measure);

-- One row per unit and period, the measures side by side; the two analyst views below name the unit.
CREATE OR REPLACE VIEW scorecard_units AS
SELECT branch_id, level, unit_id, period_kind, period_start, period_end,
       any(visits) AS visits, any(complaints) AS complaints,
       anyIf(estimate, measure = 'wait_min') AS mean_wait_min,
       anyIf(estimate, measure = 'service_min') AS mean_service_min,
       anyIf(change, measure = 'service_min') AS service_min_change,
       anyIf(n, measure = 'nps') AS nps_n,
       anyIf(estimate, measure = 'nps') AS nps, anyIf(low, measure = 'nps') AS nps_low, anyIf(high, measure = 'nps') AS nps_high,
       anyIf(raw, measure = 'nps') AS nps_raw, anyIf(rank, measure = 'nps') AS nps_rank, anyIf(units, measure = 'nps') AS ranked,
       anyIf(change, measure = 'nps') AS nps_change, anyIf(change_significant, measure = 'nps') AS nps_change_significant,
       anyIf(n, measure = 'attitude') AS attitude_n, anyIf(estimate, measure = 'attitude') AS attitude,
       anyIf(low, measure = 'attitude') AS attitude_low, anyIf(high, measure = 'attitude') AS attitude_high,
       anyIf(change, measure = 'attitude') AS attitude_change,
       anyIf(change_significant, measure = 'attitude') AS attitude_change_significant,
       anyIf(estimate, measure = 'efficiency') AS efficiency, anyIf(estimate, measure = 'performance') AS performance,
       anyIf(estimate, measure = 'process') AS process, anyIf(estimate, measure = 'facilities') AS facilities
FROM scorecards_v1 FINAL
GROUP BY branch_id, level, unit_id, period_kind, period_start, period_end;

CREATE OR REPLACE VIEW window_scorecard AS
SELECT * EXCEPT (level, unit_id), unit_id AS window_id FROM scorecard_units WHERE level = 'window';

CREATE OR REPLACE VIEW staff_scorecard AS
SELECT * EXCEPT (level, unit_id), unit_id AS staff_id FROM scorecard_units WHERE level = 'staff';
