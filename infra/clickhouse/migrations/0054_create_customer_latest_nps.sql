-- customer_latest_nps_v1: each customer's latest NPS category, kept up to date on insert (an
-- AggregatingMergeTree of argMax by answer time, then arrival: a corrected answer wins), so
-- revenue_at_risk no longer regroups every survey response each time it is read (at a million
-- responses it needed more memory than the console's and analysts' query limit allows).
CREATE TABLE IF NOT EXISTS customer_latest_nps_v1
(
    customer_key  String,
    latest        AggregateFunction(argMax, String, Tuple(DateTime64(3, 'UTC'), DateTime64(3, 'UTC')))
)
ENGINE = AggregatingMergeTree
ORDER BY customer_key;

CREATE MATERIALIZED VIEW IF NOT EXISTS customer_latest_nps_mv TO customer_latest_nps_v1 AS
SELECT customer_key, argMaxState(toString(nps_category), (occurred_at, received_at)) AS latest
FROM survey_responses_v1
WHERE customer_key != '' AND nps IS NOT NULL
GROUP BY customer_key;

INSERT INTO customer_latest_nps_v1
SELECT customer_key, argMaxState(toString(nps_category), (occurred_at, received_at))
FROM survey_responses_v1 FINAL
WHERE customer_key != '' AND nps IS NOT NULL
GROUP BY customer_key;

CREATE OR REPLACE VIEW revenue_at_risk AS
WITH current_customers AS (
    SELECT customer_key, argMax(branch_id, fitted_at) AS branch_id, argMax(clv, fitted_at) AS clv
    FROM clv_estimates_v1 FINAL GROUP BY customer_key
), latest_nps AS (
    SELECT customer_key, argMaxMerge(latest) AS latest_category
    FROM customer_latest_nps_v1 GROUP BY customer_key
)
SELECT c.branch_id AS branch_id,
       count() AS customers,
       countIf(n.latest_category = 'detractor') AS detractors,
       round(sum(c.clv), 2) AS total_clv,
       round(sumIf(c.clv, n.latest_category = 'detractor'), 2) AS clv_at_risk,
       round(if(sum(c.clv) > 0, sumIf(c.clv, n.latest_category = 'detractor') / sum(c.clv), 0), 4) AS share_at_risk
FROM current_customers AS c
LEFT JOIN latest_nps AS n ON n.customer_key = c.customer_key
GROUP BY c.branch_id;
