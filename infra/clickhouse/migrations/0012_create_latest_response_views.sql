-- Corrections replace: a branch corrects a survey response or questionnaire by sending it again
-- with the same responseId (any new webhook id). The newest received version of each responseId
-- is the one counted; the earlier ones stay in the _v1 tables for audit.
CREATE VIEW IF NOT EXISTS survey_responses_latest AS
SELECT * FROM survey_responses_v1 FINAL
WHERE (branch_id, response_id, event_id) IN (
    SELECT branch_id, response_id, argMax(event_id, (received_at, event_id))
    FROM survey_responses_v1 FINAL GROUP BY branch_id, response_id);

CREATE VIEW IF NOT EXISTS questionnaire_answers_latest AS
SELECT * FROM questionnaire_answers_v1 FINAL
WHERE (branch_id, response_id, event_id) IN (
    SELECT branch_id, response_id, argMax(event_id, (received_at, event_id))
    FROM questionnaire_answers_v1 FINAL GROUP BY branch_id, response_id);
