-- The console's open call-backs list as a contiguous read (issue 12: it took ~1 s for HQ and a
-- region at 10 M responses). Through 0080 the list read callback_case_due_v1 up to the k-th due
-- date and then merged the whole state of those ~1,000 cases in callback_cases_v1, scattered over
-- its (branch_id, case_id) order, its `source` column carrying each comment's text; and each
-- alert's open-case count merged that same column. Two tables fed from the same normalised case
-- rows (callback_case_rows, 0080), with the same rules and the same idempotent aggregates:
--   * callback_case_list_v1: the display fields per case source row, in due order, so the list
--     reads the cases due first, texts included, as one range of the primary key;
--   * callback_case_state_v1: everything about a case but its text, per (branch_id, case_id), with
--     small granules: which source won (its due date and alert key), the latest call, attempts and
--     whether the latest outcome closed the case; the list joins it for its candidates only, and
--     the open-case count per alert reads its narrow columns only.
-- A case with several source rows (a detractor that also has a needs-response alert) has one list
-- row per due date; the console shows the row whose due date is the winning source's, and that
-- row's own winner (argMax by the same key as 0080's) is then the case's winner.
-- callback_case_due_v1 (0080) is no longer read by the console; it stays, filled, for now.

CREATE TABLE IF NOT EXISTS callback_case_list_v1
(
    due_at     DateTime64(3, 'UTC'),
    branch_id  LowCardinality(String),
    case_id    String,
    source     AggregateFunction(argMax,
                   Tuple(kind String, about_id String, text String, nps Nullable(UInt8), opened_at DateTime64(3, 'UTC'),
                         alert_key String),
                   Tuple(Int16, DateTime64(3, 'UTC'), String)) COMMENT 'the winning source row with this due date: lowest priority, newest version'
)
ENGINE = AggregatingMergeTree
ORDER BY (due_at, branch_id, case_id)
SETTINGS index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_list_mv TO callback_case_list_v1 AS
SELECT r.due_at AS due_at, r.branch_id AS branch_id, r.case_id AS case_id,
       argMaxState(CAST((r.kind, r.about_id, r.text, r.nps, r.opened_at, r.alert_key),
                        'Tuple(kind String, about_id String, text String, nps Nullable(UInt8), opened_at DateTime64(3, \'UTC\'), alert_key String)'),
                   (-toInt16(r.priority), r.version, r.tiebreak)) AS source
FROM callback_case_rows AS r
WHERE r.priority < 255
GROUP BY r.due_at, r.branch_id, r.case_id;

CREATE TABLE IF NOT EXISTS callback_case_state_v1
(
    branch_id        LowCardinality(String),
    case_id          String,
    priority         SimpleAggregateFunction(min, UInt8) COMMENT '255: only outcome events, no case',
    winner           AggregateFunction(argMax, Tuple(due_at DateTime64(3, 'UTC'), alert_key String),
                         Tuple(Int16, DateTime64(3, 'UTC'), String)) COMMENT 'due date and alert of the winning source row (key as callback_cases_v1.source)',
    last_call        AggregateFunction(argMax, Tuple(outcome String, note String, called_by String),
                         Tuple(Nullable(DateTime64(3, 'UTC')), String)) COMMENT 'the latest callback event: by called_at, event id',
    last_call_closes AggregateFunction(argMax, UInt8, Tuple(Nullable(DateTime64(3, 'UTC')), String)) COMMENT '1 when the latest callback event is reached or resolved',
    called_at        SimpleAggregateFunction(max, Nullable(DateTime64(3, 'UTC'))),
    event_ids        AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
ORDER BY (branch_id, case_id)
SETTINGS index_granularity = 16;

CREATE MATERIALIZED VIEW IF NOT EXISTS callback_case_state_mv TO callback_case_state_v1 AS
SELECT r.branch_id AS branch_id, r.case_id AS case_id,
       min(r.priority) AS priority,
       argMaxStateIf(CAST((r.due_at, r.alert_key), 'Tuple(due_at DateTime64(3, \'UTC\'), alert_key String)'),
                     (-toInt16(r.priority), r.version, r.tiebreak), r.priority < 255) AS winner,
       argMaxStateIf(CAST((r.outcome, r.note, r.called_by), 'Tuple(outcome String, note String, called_by String)'),
                     (r.called_at, r.event_id), r.priority = 255) AS last_call,
       argMaxStateIf(toUInt8(r.outcome IN ('reached', 'resolved')), (r.called_at, r.event_id), r.priority = 255) AS last_call_closes,
       maxIf(r.called_at, r.priority = 255) AS called_at,
       uniqExactStateIf(r.event_id, r.priority = 255) AS event_ids
FROM callback_case_rows AS r
GROUP BY r.branch_id, r.case_id;

-- Existing rows, once, the way 0080's backfill sent them (later rows arrive through the views).
-- They reach 0080's tables a second time too, which changes nothing there: every aggregate is
-- idempotent.
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
