-- Call-back cases for the quality console: each detractor with a comment, each severe complaint
-- (alerts of rule severe-complaint) and each comment the analyser says needs a response (alerts of
-- rule comment-needs-response, figures carrying responseId or complaintId) is a case, identified by
-- what it is about: 'r:<responseId>' or 'c:<complaintId>'. Its owner is the branch (its branch
-- accounts), due 48 h after the answer (24 h after a severe complaint's alert). Outcomes are
-- complaint.callback events (the console's call-back form sends them; so may a branch system):
-- reached or resolved closes the case; not_reached is an attempt, the case stays open.
-- An alert is closed when every case it raised is closed (alert_cases).
CREATE VIEW IF NOT EXISTS callback_outcomes AS
SELECT branch_id,
       if(complaint_id != '', concat('c:', complaint_id), concat('r:', response_id)) AS case_id,
       argMax(outcome, (called_at, event_id))   AS last_outcome,
       argMax(note, (called_at, event_id))      AS last_note,
       argMax(called_by, (called_at, event_id)) AS last_called_by,
       max(called_at)                           AS last_called_at,
       count()                                  AS attempts
FROM complaint_clock_events_v1 FINAL
WHERE kind = 'callback'
GROUP BY branch_id, case_id;

CREATE VIEW IF NOT EXISTS callback_cases AS
WITH cases AS (
    SELECT branch_id, concat('r:', response_id) AS case_id, 'detractor' AS kind, response_id AS about_id,
           comment AS text, nps, occurred_at AS opened_at, occurred_at + INTERVAL 48 HOUR AS due_at,
           concat('detractor-comment|', branch_id, '|', toString(local_date)) AS alert_key, 1 AS priority
    FROM callback_detractors_v1 FINAL
    UNION ALL
    SELECT branch_id, concat('c:', JSONExtractString(details, 'complaint')) AS case_id, 'severe-complaint' AS kind,
           JSONExtractString(details, 'complaint') AS about_id, subject AS text, CAST(NULL, 'Nullable(UInt8)') AS nps,
           created_at AS opened_at, created_at + INTERVAL 24 HOUR AS due_at, alert_key, 0 AS priority
    FROM alerts_v1 FINAL
    WHERE rule = 'severe-complaint' AND JSONExtractString(details, 'complaint') != ''
    UNION ALL
    SELECT branch_id,
           if(JSONExtractString(details, 'complaintId') != '', concat('c:', JSONExtractString(details, 'complaintId')),
              concat('r:', JSONExtractString(details, 'responseId'))) AS case_id,
           'needs-response' AS kind,
           if(JSONExtractString(details, 'complaintId') != '', JSONExtractString(details, 'complaintId'),
              JSONExtractString(details, 'responseId')) AS about_id,
           subject AS text, CAST(NULL, 'Nullable(UInt8)') AS nps,
           created_at AS opened_at, created_at + INTERVAL 48 HOUR AS due_at, alert_key, 2 AS priority
    FROM alerts_v1 FINAL
    WHERE rule = 'comment-needs-response'
      AND (JSONExtractString(details, 'complaintId') != '' OR JSONExtractString(details, 'responseId') != '')
)
SELECT c.branch_id AS branch_id, c.case_id AS case_id, c.kind AS kind, c.about_id AS about_id, c.text AS text,
       c.nps AS nps, c.opened_at AS opened_at, c.due_at AS due_at, c.alert_key AS alert_key,
       c.branch_id AS owner,
       o.last_outcome AS outcome, o.last_note AS outcome_note, o.last_called_by AS called_by,
       if(o.attempts > 0, o.last_called_at, NULL) AS called_at, o.attempts AS attempts,
       o.last_outcome IN ('reached', 'resolved') AS closed
FROM cases AS c
LEFT JOIN callback_outcomes AS o ON o.branch_id = c.branch_id AND o.case_id = c.case_id
ORDER BY c.priority
LIMIT 1 BY c.branch_id, c.case_id;

CREATE VIEW IF NOT EXISTS alert_cases AS
SELECT alert_key, any(branch_id) AS branch_id, count() AS cases, countIf(NOT closed) AS open_cases,
       open_cases = 0 AS alert_closed
FROM callback_cases
GROUP BY alert_key;
