-- Views for analysts (docs/analysts.md). Deduplicated with FINAL: a number read from a view is
-- never counted twice, whatever was redelivered.
CREATE VIEW IF NOT EXISTS branches AS SELECT * FROM branches_v1 FINAL;
CREATE VIEW IF NOT EXISTS nps_daily AS SELECT * FROM nps_daily_v1 FINAL;
CREATE VIEW IF NOT EXISTS quality_daily AS SELECT * FROM quality_daily_v1 FINAL;
CREATE VIEW IF NOT EXISTS clv_estimates AS SELECT * FROM clv_estimates_v1 FINAL;
CREATE VIEW IF NOT EXISTS standards_current AS
SELECT branch_id, dimension, argMax(target_perception, version) AS target, max(version) AS standard_version,
       argMax(source, version) AS standard_source, argMax(created_at, version) AS since
FROM standards_v1 FINAL GROUP BY branch_id, dimension;
CREATE VIEW IF NOT EXISTS alerts AS SELECT * FROM alerts_v1 FINAL;

-- Latest NPS answer per customer per branch: who is a detractor now.
CREATE VIEW IF NOT EXISTS customer_latest_nps AS
SELECT branch_id, customer_key, argMax(nps, occurred_at) AS latest_nps, argMax(nps_category, occurred_at) AS latest_category,
       max(occurred_at) AS answered_at
FROM survey_responses_v1 FINAL
WHERE customer_key != '' AND nps IS NOT NULL
GROUP BY branch_id, customer_key;

-- Revenue at risk: lifetime value held by customers whose latest NPS answer is a detractor's.
CREATE VIEW IF NOT EXISTS revenue_at_risk AS
SELECT c.branch_id AS branch_id,
       count() AS customers,
       countIf(n.latest_category = 'detractor') AS detractors,
       round(sum(c.clv), 2) AS total_clv,
       round(sumIf(c.clv, n.latest_category = 'detractor'), 2) AS clv_at_risk,
       round(if(sum(c.clv) > 0, sumIf(c.clv, n.latest_category = 'detractor') / sum(c.clv), 0), 4) AS share_at_risk
FROM clv_estimates_v1 AS c FINAL
LEFT JOIN customer_latest_nps AS n ON n.customer_key = c.customer_key AND n.branch_id = c.branch_id
GROUP BY c.branch_id;

-- Complaint SLA per complaint: hours each stage took, against the default SLAs
-- (acknowledge 4 h, resolve 72 h, follow up 168 h after resolution).
CREATE VIEW IF NOT EXISTS complaint_sla AS
SELECT branch_id, complaint_id, current_status, category, severity, filed_at,
       if(acknowledged_at > toDateTime64(0, 3, 'UTC'), dateDiff('second', filed_at, acknowledged_at) / 3600, NULL) AS hours_to_acknowledge,
       if(resolved_at > toDateTime64(0, 3, 'UTC'), dateDiff('second', filed_at, resolved_at) / 3600, NULL) AS hours_to_resolve,
       if(followed_up_at > toDateTime64(0, 3, 'UTC') AND resolved_at > toDateTime64(0, 3, 'UTC'), dateDiff('second', resolved_at, followed_up_at) / 3600, NULL) AS hours_to_follow_up,
       hours_to_acknowledge <= 4 AS acknowledged_in_time,
       hours_to_resolve <= 72 AS resolved_in_time,
       hours_to_follow_up <= 168 AS followed_up_in_time
FROM complaints_current_v1;
