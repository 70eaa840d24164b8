-- Call-back cases as a small per-case table (callback_cases_v1), so the console's call-backs list,
-- its CSV/JSON and a case page read the cases in scope by primary key (branch_id, case_id) instead
-- of the view of 0052, which unions every case source, joins every outcome and de-duplicates all
-- cases before a filter applies. Same rules as 0052 (its comment says what a case is):
--   * which source a case_id takes its fields from: severe-complaint (priority 0) before detractor
--     (1) before needs-response (2); within one source the newest version (a response corrected by
--     a resend: received_at; an alert re-written with its delivery status: updated_at);
--   * outcome, note and caller of the latest callback event (by called_at, event_id); attempts
--     count distinct event ids, so a replayed or redelivered event counts once (0052 counted the
--     rows left by FINAL, which are the distinct event ids);
--   * closed once the latest outcome is reached or resolved.
-- Every aggregate here is idempotent (argMax, max, min, a set of event ids), so a row inserted
-- twice (a replay, a redelivered batch, this migration's backfill re-run after a crash, or a source
-- row arriving between the views' creation and the backfill) changes nothing.
--
-- Corrections, as in 0052: callback_detractors_v1 only gains rows (a response corrected into a
-- promoter, or its comment removed, leaves its last detractor version; 0052 read it the same way),
-- and an alert is re-written with the same rule, details and subject (only its delivery status
-- changes), so the newest version of each source row is what both read. Where 0052 left the
-- choice to chance the table decides: two alerts of one priority for one case (the newest
-- updated_at, then the greater alert key) and two versions with one received_at (the greater event
-- id). Not followed, as nothing in servloop does it: an event id re-sent with other content (FINAL
-- kept the newest ingested; the table keeps both) and rows deleted from a source table.
--
-- Two companions for the console: callback_alert_cases_v1 (which cases an alert raised) and
-- callback_case_due_v1 (cases in due order).

-- The three case sources and the outcome events, normalised to one row shape; nothing is stored
-- here, the view below aggregates each insert into callback_cases_v1.
CREATE TABLE IF NOT EXISTS callback_case_rows
(
    branch_id     LowCardinality(String),
    case_id       String,
    priority      UInt8 COMMENT '0 severe-complaint, 1 detractor, 2 needs-response; 255 an outcome event',
    version       DateTime64(3, 'UTC') COMMENT 'newest version of a source row wins',
    tiebreak      String COMMENT 'alert key or response event id: a stable winner between equal versions',
    kind          String,
    about_id      String,
    text          String,
    nps           Nullable(UInt8),
    opened_at     DateTime64(3, 'UTC'),
    due_at        DateTime64(3, 'UTC'),
    alert_key     String,
    event_id      String,
    outcome       String,
    note          String,
    called_by     String,
    called_at     Nullable(DateTime64(3, 'UTC'))
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS callback_cases_v1
(
    branch_id      LowCardinality(String),
    case_id        String,
    priority       SimpleAggregateFunction(min, UInt8) COMMENT '255: only outcome events, no case',
    source         AggregateFunction(argMax,
                       Tuple(kind String, about_id String, text String, nps Nullable(UInt8), opened_at DateTime64(3, 'UTC'),
                             due_at DateTime64(3, 'UTC'), alert_key String),
                       Tuple(Int16, DateTime64(3, 'UTC'), String)) COMMENT 'the winning source row: lowest priority, newest version',
    last_call      AggregateFunction(argMax, Tuple(outcome String, note String, called_by String),
                       Tuple(Nullable(DateTime64(3, 'UTC')), String)) COMMENT 'the latest callback event: by called_at, event id',
    called_at      SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    event_ids      AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (branch_id, case_id)
SETTINGS index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_cases_mv TO callback_cases_v1 AS
SELECT r.branch_id AS branch_id, r.case_id AS case_id,
       min(r.priority) AS priority,
       argMaxStateIf(CAST((r.kind, r.about_id, r.text, r.nps, r.opened_at, r.due_at, r.alert_key),
                          'Tuple(kind String, about_id String, text String, nps Nullable(UInt8), opened_at DateTime64(3, \'UTC\'), due_at DateTime64(3, \'UTC\'), alert_key String)'),
                     (-toInt16(r.priority), r.version, r.tiebreak), r.priority < 255) AS source,
       argMaxStateIf(CAST((r.outcome, r.note, r.called_by), 'Tuple(outcome String, note String, called_by String)'),
                     (r.called_at, r.event_id), r.priority = 255) AS last_call,
       maxIf(r.called_at, r.priority = 255) AS called_at,
       uniqExactStateIf(r.event_id, r.priority = 255) AS event_ids
FROM callback_case_rows AS r
GROUP BY r.branch_id, r.case_id;

-- Which cases each alert raised (any source's alert, winner or not), so an alert's open-case count
-- reads only its own cases: the console counts them for the alerts on its page.
CREATE TABLE IF NOT EXISTS callback_alert_cases_v1
(
    branch_id  LowCardinality(String),
    alert_key  String,
    case_id    String
)
ENGINE = ReplacingMergeTree
ORDER BY (branch_id, alert_key, case_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_alert_cases_mv TO callback_alert_cases_v1 AS
SELECT branch_id, alert_key, case_id FROM callback_case_rows WHERE priority < 255;

-- Each case source row's due date, in due order, so the open list reads the most urgent cases first
-- instead of every case in scope (a case with several source rows has several; the console keeps
-- the one that matches the case's winning source).
CREATE TABLE IF NOT EXISTS callback_case_due_v1
(
    due_at     DateTime64(3, 'UTC'),
    branch_id  LowCardinality(String),
    case_id    String
)
ENGINE = ReplacingMergeTree
ORDER BY (due_at, branch_id, case_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_due_mv TO callback_case_due_v1 AS
SELECT due_at, branch_id, case_id FROM callback_case_rows WHERE priority < 255;

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_detractors_mv TO callback_case_rows AS
SELECT branch_id, concat('r:', response_id) AS case_id, 1 AS priority, received_at AS version, event_id AS tiebreak,
       'detractor' AS kind, response_id AS about_id, comment AS text, nps, occurred_at AS opened_at,
       occurred_at + INTERVAL 48 HOUR AS due_at,
       concat('detractor-comment|', branch_id, '|', toString(local_date)) AS alert_key
FROM callback_detractors_v1;

-- Alerts reach the case rows through callback_case_alerts, so the backfill below sends existing
-- alerts the same way as new ones.
CREATE TABLE IF NOT EXISTS callback_case_alerts
(
    alert_key   String,
    rule        LowCardinality(String),
    branch_id   LowCardinality(String),
    subject     String,
    details     String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = Null;

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_alerts_in_mv TO callback_case_alerts AS
SELECT alert_key, rule, branch_id, subject, details, created_at, updated_at FROM alerts_v1
WHERE rule IN ('severe-complaint', 'comment-needs-response');

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_alerts_mv TO callback_case_rows AS
SELECT branch_id, case_id, priority, updated_at AS version, alert_key AS tiebreak, kind, about_id, subject AS text,
       CAST(NULL, 'Nullable(UInt8)') AS nps, created_at AS opened_at,
       created_at + if(priority = 0, INTERVAL 24 HOUR, INTERVAL 48 HOUR) AS due_at, alert_key
FROM (
    SELECT *, JSONExtractString(details, 'complaint') AS severe, JSONExtractString(details, 'complaintId') AS complaint,
           JSONExtractString(details, 'responseId') AS response,
           if(rule = 'severe-complaint', 0, 2) AS priority,
           if(rule = 'severe-complaint', 'severe-complaint', 'needs-response') AS kind,
           multiIf(rule = 'severe-complaint', severe, complaint != '', complaint, response) AS about_id,
           concat(if(rule = 'severe-complaint' OR complaint != '', 'c:', 'r:'), about_id) AS case_id
    FROM callback_case_alerts
)
WHERE about_id != '';

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_outcomes_mv TO callback_case_rows AS
SELECT branch_id, if(complaint_id != '', concat('c:', complaint_id), concat('r:', response_id)) AS case_id,
       255 AS priority, event_id, outcome, note, called_by, called_at
FROM complaint_clock_events_v1
WHERE kind = 'callback';

-- Existing rows, once (later rows arrive through the views above). Every version goes in, as it
-- would have arrived: the aggregates keep the newest.
INSERT INTO callback_case_rows (branch_id, case_id, priority, version, tiebreak, kind, about_id, text, nps, opened_at, due_at, alert_key)
SELECT branch_id, concat('r:', response_id), 1, received_at, event_id, 'detractor', response_id, comment, nps, occurred_at,
       occurred_at + INTERVAL 48 HOUR, concat('detractor-comment|', branch_id, '|', toString(local_date))
FROM callback_detractors_v1;

INSERT INTO callback_case_alerts
SELECT alert_key, rule, branch_id, subject, details, created_at, updated_at FROM alerts_v1
WHERE rule IN ('severe-complaint', 'comment-needs-response');

INSERT INTO callback_case_rows (branch_id, case_id, priority, event_id, outcome, note, called_by, called_at)
SELECT branch_id, if(complaint_id != '', concat('c:', complaint_id), concat('r:', response_id)) AS case_id,
       255 AS priority, event_id, outcome, note, called_by, called_at
FROM complaint_clock_events_v1
WHERE kind = 'callback';

-- The analysts' views keep their columns and meaning (0052), now read from the table.
CREATE OR REPLACE VIEW callback_cases AS
SELECT branch_id, case_id, c.kind AS kind, c.about_id AS about_id, c.text AS text, c.nps AS nps, c.opened_at AS opened_at,
       c.due_at AS due_at, c.alert_key AS alert_key, branch_id AS owner,
       o.outcome AS outcome, o.note AS outcome_note, o.called_by AS called_by, called AS called_at, attempts,
       outcome IN ('reached', 'resolved') AS closed
FROM (SELECT branch_id, case_id, argMaxMerge(source) AS c, argMaxMerge(last_call) AS o, max(called_at) AS called,
             uniqExactMerge(event_ids) AS attempts
      FROM callback_cases_v1
      GROUP BY branch_id, case_id
      HAVING min(priority) < 255);
