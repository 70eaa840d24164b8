-- What waiting costs (issue 14). Visits joined to their answer (the latest NPS answer per visit id).
-- * wait_loyalty: NPS and promoter share per branch and 5-minute wait bin (60+ minutes in one bin),
--   with n and 95 % intervals (adjusted Wald for NPS, Wilson for the promoter share).
-- * wait_cost: the slowest decile of visits per branch (wait at or above the branch's 90th percentile):
--   how many more of their answers are detractors than of the other visits (excess, with a 95 %
--   Wald interval), and the lifetime value (clv_estimates) of the customers who had such a visit
--   multiplied by that excess: the revenue the slow visits put at risk.
-- * wait_thresholds_v1 / wait_threshold: the wait at which the promoter share drops (a one-step
--   change point, packages/metrics waitThreshold, bootstrap intervals), written by the worker.
CREATE OR REPLACE VIEW visit_answers AS
SELECT v.branch_id AS branch_id, v.visit_id AS visit_id, v.local_date AS local_date, v.window_id AS window_id,
       v.customer_key AS customer_key, v.wait_seconds AS wait_seconds, s.answer AS nps
FROM visits_v1 AS v FINAL
INNER JOIN (
    SELECT branch_id, visit_id, argMax(nps, (occurred_at, received_at)) AS answer
    FROM survey_responses_latest WHERE visit_id != '' AND nps IS NOT NULL
    GROUP BY branch_id, visit_id
) AS s ON s.branch_id = v.branch_id AND s.visit_id = v.visit_id;

CREATE OR REPLACE VIEW wait_loyalty AS
WITH 1.959963984540054 AS z
SELECT branch_id, bin * 5 AS wait_from_min, if(bin = 12, NULL, bin * 5 + 5) AS wait_to_min,
       count() AS n, countIf(answer >= 9) AS promoters, countIf(answer <= 6) AS detractors,
       round(100 * (promoters - detractors) / n, 1) AS nps,
       (promoters + 0.75) / (n + 3) AS p_adj, (detractors + 0.75) / (n + 3) AS d_adj,
       round(100 * greatest(-1, p_adj - d_adj - z * sqrt((p_adj + d_adj - pow(p_adj - d_adj, 2)) / (n + 3))), 1) AS nps_low,
       round(100 * least(1, p_adj - d_adj + z * sqrt((p_adj + d_adj - pow(p_adj - d_adj, 2)) / (n + 3))), 1) AS nps_high,
       round(promoters / n, 3) AS promoter_share,
       round((promoters / n + z * z / (2 * n) - z * sqrt(promoters / n * (1 - promoters / n) / n + z * z / (4 * n * n))) / (1 + z * z / n), 3) AS promoter_low,
       round((promoters / n + z * z / (2 * n) + z * sqrt(promoters / n * (1 - promoters / n) / n + z * z / (4 * n * n))) / (1 + z * z / n), 3) AS promoter_high
FROM (SELECT branch_id, least(intDiv(wait_seconds, 300), 12) AS bin, nps AS answer FROM visit_answers)
GROUP BY branch_id, bin;

CREATE OR REPLACE VIEW wait_cost AS
WITH 1.959963984540054 AS z,
cut AS (SELECT branch_id, quantileExact(0.9)(wait_seconds) AS p90 FROM visits_v1 FINAL GROUP BY branch_id),
shares AS (
    SELECT a.branch_id AS branch_id,
           countIf(a.wait_seconds >= c.p90) AS slow_answers, countIf(a.wait_seconds < c.p90) AS other_answers,
           countIf(a.wait_seconds >= c.p90 AND a.nps <= 6) / slow_answers AS slow_detractor_share,
           countIf(a.wait_seconds < c.p90 AND a.nps <= 6) / other_answers AS other_detractor_share
    FROM visit_answers AS a INNER JOIN cut AS c ON c.branch_id = a.branch_id
    GROUP BY a.branch_id
),
current_clv AS (SELECT customer_key, argMax(clv, fitted_at) AS clv FROM clv_estimates_v1 FINAL GROUP BY customer_key),
slow_customers AS (
    SELECT v.branch_id AS branch_id, count() AS customers, sum(k.clv) AS clv
    FROM (SELECT DISTINCT v.branch_id AS branch_id, v.customer_key AS customer_key
          FROM visits_v1 AS v FINAL INNER JOIN cut AS c ON c.branch_id = v.branch_id
          WHERE v.wait_seconds >= c.p90 AND v.customer_key != '') AS v
    INNER JOIN current_clv AS k ON k.customer_key = v.customer_key
    GROUP BY v.branch_id
)
SELECT s.branch_id AS branch_id, round(c.p90 / 60, 1) AS p90_wait_min,
       s.slow_answers AS slow_answers, s.other_answers AS other_answers,
       round(s.slow_detractor_share, 3) AS slow_detractor_share, round(s.other_detractor_share, 3) AS other_detractor_share,
       s.slow_detractor_share - s.other_detractor_share AS excess_raw,
       sqrt(s.slow_detractor_share * (1 - s.slow_detractor_share) / s.slow_answers
            + s.other_detractor_share * (1 - s.other_detractor_share) / s.other_answers) AS excess_se,
       round(excess_raw, 3) AS excess_detractor_share,
       round(excess_raw - z * excess_se, 3) AS excess_low, round(excess_raw + z * excess_se, 3) AS excess_high,
       ifNull(k.customers, 0) AS slow_customers, round(ifNull(k.clv, 0), 2) AS slow_customers_clv,
       round(ifNull(k.clv, 0) * greatest(0, excess_raw), 2) AS clv_at_risk,
       round(ifNull(k.clv, 0) * greatest(0, excess_raw - z * excess_se), 2) AS clv_at_risk_low,
       round(ifNull(k.clv, 0) * greatest(0, excess_raw + z * excess_se), 2) AS clv_at_risk_high
FROM shares AS s
INNER JOIN cut AS c ON c.branch_id = s.branch_id
LEFT JOIN slow_customers AS k ON k.branch_id = s.branch_id
WHERE s.slow_answers > 0 AND s.other_answers > 0;

CREATE TABLE IF NOT EXISTS wait_thresholds_v1
(
    branch_id        LowCardinality(String) COMMENT '''*'' = the whole network',
    from_date        Date,
    to_date          Date COMMENT 'inclusive',
    outcome          LowCardinality(String) COMMENT 'promoter (1 promoter, 0 not)',
    n                UInt32 COMMENT 'answered visits',
    threshold_min    Nullable(Float64) COMMENT 'visits that waited at least this many minutes are on the far side',
    threshold_low    Nullable(Float64),
    threshold_high   Nullable(Float64),
    before           Nullable(Float64) COMMENT 'promoter share of shorter waits',
    after            Nullable(Float64) COMMENT 'promoter share of waits at or past the threshold',
    drop             Nullable(Float64),
    drop_low         Nullable(Float64),
    drop_high        Nullable(Float64),
    verdict          LowCardinality(String) COMMENT 'drop | none | not enough data',
    replicates       UInt16,
    computed_at      DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (branch_id, outcome);

CREATE OR REPLACE VIEW wait_threshold AS SELECT * FROM wait_thresholds_v1 FINAL;
