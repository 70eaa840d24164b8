-- Analyst-facing views: deduplicated (FINAL) so a redelivered event is never counted twice.
CREATE VIEW IF NOT EXISTS visits AS SELECT * FROM visits_v1 FINAL;
CREATE VIEW IF NOT EXISTS survey_responses AS SELECT * FROM survey_responses_v1 FINAL;
CREATE VIEW IF NOT EXISTS questionnaire_answers AS SELECT * FROM questionnaire_answers_v1 FINAL;
CREATE VIEW IF NOT EXISTS complaint_events AS SELECT * FROM complaints_v1 FINAL;
CREATE VIEW IF NOT EXISTS complaints_current_v1 AS
SELECT
    branch_id,
    complaint_id,
    argMax(status, occurred_at)                           AS current_status,
    anyIf(category, status = 'filed')                     AS category,
    anyIf(severity, status = 'filed')                     AS severity,
    anyIf(channel, status = 'filed')                      AS channel,
    minIf(occurred_at, status = 'filed')                  AS filed_at,
    minIf(occurred_at, status = 'acknowledged')           AS acknowledged_at,
    minIf(occurred_at, status = 'resolved')               AS resolved_at,
    minIf(occurred_at, status = 'followed_up')            AS followed_up_at,
    anyIf(promised_by, status = 'filed')                  AS promised_by,
    anyIf(satisfied, status = 'followed_up')              AS satisfied
FROM complaints_v1 FINAL
GROUP BY branch_id, complaint_id;
