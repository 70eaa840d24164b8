-- visit_answers (0071), rewritten so a query for one branch reads that branch's rows only (the
-- quality console's floor page asks wait_loyalty and wait_cost for one branch at a time). Through
-- survey_responses_latest, the latest-event subquery (an IN over every response of every branch)
-- was evaluated whole on each query: seconds at a few hundred thousand responses. Same answer as
-- before: the latest event of each response (by received_at, event_id; tuple() keeps a corrected
-- NULL as NULL, where argMax would skip it), then, per visit, the latest such response with an
-- NPS answer (by occurred_at, received_at). Grouping keys start with branch_id, so a branch filter
-- on the views pushes down to the primary key of survey_responses_v1 and visits_v1.
CREATE OR REPLACE VIEW visit_answers AS
SELECT v.branch_id AS branch_id, v.visit_id AS visit_id, v.local_date AS local_date, v.window_id AS window_id,
       v.customer_key AS customer_key, v.wait_seconds AS wait_seconds, s.answer AS nps
FROM visits_v1 AS v FINAL
INNER JOIN (
    SELECT branch_id, latest.1 AS visit_id, argMax(latest.2, (latest.3, received)) AS answer
    FROM (
        SELECT branch_id, response_id, argMax(tuple(visit_id, nps, occurred_at), (received_at, event_id)) AS latest,
               max(received_at) AS received
        FROM survey_responses_v1
        GROUP BY branch_id, response_id
    )
    WHERE latest.1 != '' AND latest.2 IS NOT NULL
    GROUP BY branch_id, visit_id
) AS s ON s.branch_id = v.branch_id AND s.visit_id = v.visit_id;
