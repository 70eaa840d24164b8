-- Numbers analysts read, fixed:
-- * complaint_sla: thresholds come from the worker's validated configuration (analytics_config,
--   written at start), not hard-coded; a stage still open past its due time counts as late (0),
--   one not yet due is pending (NULL, left out of averages) — 3 complaints, one on time, one late,
--   one never acknowledged and past due: acknowledged_in_time averages 1/3, not 1/2.
-- * revenue_at_risk: one row per current customer (their latest CLV fit), so a customer whose
--   main branch changed is not counted twice; their latest NPS answer at any branch decides.
CREATE TABLE IF NOT EXISTS analytics_config_v1
(
    key         LowCardinality(String) COMMENT 'path in the analytics configuration, e.g. complaintSla.resolveHours',
    value       Float64,
    written_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(written_at)
ORDER BY key;

CREATE VIEW IF NOT EXISTS analytics_config AS
SELECT key, argMax(value, written_at) AS value, max(written_at) AS since FROM analytics_config_v1 GROUP BY key;

CREATE OR REPLACE VIEW complaint_sla AS
WITH
    ifNull((SELECT anyOrNull(value) FROM analytics_config WHERE key = 'complaintSla.acknowledgeHours'), 4) AS ack_hours,
    ifNull((SELECT anyOrNull(value) FROM analytics_config WHERE key = 'complaintSla.resolveHours'), 72) AS resolve_hours,
    ifNull((SELECT anyOrNull(value) FROM analytics_config WHERE key = 'complaintSla.followUpHours'), 168) AS follow_up_hours,
    toDateTime64(0, 3, 'UTC') AS never,
    now64(3) AS at
SELECT branch_id, complaint_id, current_status, category, severity, filed_at,
       if(acknowledged_at > never, dateDiff('second', filed_at, acknowledged_at) / 3600, NULL) AS hours_to_acknowledge,
       if(resolved_at > never, dateDiff('second', filed_at, resolved_at) / 3600, NULL) AS hours_to_resolve,
       if(followed_up_at > never AND resolved_at > never, dateDiff('second', resolved_at, followed_up_at) / 3600, NULL) AS hours_to_follow_up,
       ack_hours AS acknowledge_sla_hours, resolve_hours AS resolve_sla_hours, follow_up_hours AS follow_up_sla_hours,
       multiIf(acknowledged_at > never, toUInt8(hours_to_acknowledge <= ack_hours),
               dateDiff('second', filed_at, at) / 3600 > ack_hours, toUInt8(0), NULL) AS acknowledged_in_time,
       multiIf(resolved_at > never, toUInt8(hours_to_resolve <= resolve_hours),
               dateDiff('second', filed_at, at) / 3600 > resolve_hours, toUInt8(0), NULL) AS resolved_in_time,
       multiIf(resolved_at <= never, NULL,
               followed_up_at > never, toUInt8(hours_to_follow_up <= follow_up_hours),
               dateDiff('second', resolved_at, at) / 3600 > follow_up_hours, toUInt8(0), NULL) AS followed_up_in_time
FROM complaints_current_v1
WHERE filed_at > never;

CREATE OR REPLACE VIEW revenue_at_risk AS
WITH current_customers AS (
    SELECT customer_key, argMax(branch_id, fitted_at) AS branch_id, argMax(clv, fitted_at) AS clv
    FROM clv_estimates_v1 FINAL GROUP BY customer_key
), latest_nps AS (
    SELECT customer_key, argMax(nps_category, occurred_at) AS latest_category
    FROM survey_responses_latest WHERE customer_key != '' AND nps IS NOT NULL GROUP BY customer_key
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
