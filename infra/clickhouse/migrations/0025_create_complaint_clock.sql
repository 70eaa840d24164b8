-- The regulator's clocks (packages/complaint-clocks, docs/complaint-clocks.md).
--
-- Why the clocks are computed by the engine and stored, not computed in SQL: two of the three packs
-- count working days on China's holiday calendar with make-up workdays (调休), and the calendar-day
-- packs move a last day that falls on a day off to the next working day. ClickHouse has no such
-- calendar; a second implementation in SQL would disagree with the engine around every holiday. So the
-- clock job (services/regulator-report `refresh`) runs the engine over each complaint's history and
-- writes one row per pack × complaint × clock into complaint_clocks_v1; the complaint_clock view
-- adds only what changes with the wall clock (breached now, inside the warning window now).

-- Extensions and call-backs, one row per event (the rest of the history is in complaints_v1).
CREATE TABLE IF NOT EXISTS complaint_clock_events_v1
(
    event_id              String,
    branch_id             LowCardinality(String),
    complaint_id          String COMMENT 'empty for a call-back about a survey response',
    response_id           String COMMENT 'call-back about a survey response (a 好差评 rating)',
    customer_key          String COMMENT 'pseudonymous, set by the gateway when the event names the customer',
    kind                  LowCardinality(String) COMMENT 'extended | callback',
    reason                String COMMENT 'extension: why (told to the complainant); masked free text',
    approver_id           String,
    approver_role         LowCardinality(String) COMMENT 'e.g. complaint_manager, senior_management',
    extended_by_days      Nullable(UInt16) COMMENT 'in the clock''s kind of days',
    new_due_at            Nullable(DateTime64(3, 'UTC')),
    customer_informed_at  Nullable(DateTime64(3, 'UTC')),
    outcome               LowCardinality(String) COMMENT 'callback: reached | not_reached | resolved',
    note                  String,
    called_at             Nullable(DateTime64(3, 'UTC')),
    called_by             String,
    handler_id            String,
    occurred_at           DateTime64(3, 'UTC'),
    local_date            Date,
    received_at           DateTime64(3, 'UTC'),
    _topic                LowCardinality(String),
    _partition            UInt16,
    _offset               UInt64,
    _ingested_at          DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, complaint_id, response_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;

-- The engine's result, one version per computation (the latest wins).
CREATE TABLE IF NOT EXISTS complaint_clocks_v1
(
    pack_id             LowCardinality(String),
    pack_version        UInt16,
    clock_id            LowCardinality(String),
    branch_id           LowCardinality(String),
    complaint_id        String,
    day_kind            LowCardinality(String) COMMENT 'calendar | working',
    status              LowCardinality(String) COMMENT 'running | paused | stopped, as of computed_at',
    started_at          DateTime64(3, 'UTC'),
    start_date          Date COMMENT 'local date of the start event, not itself counted',
    limit_days          UInt16,
    extended_days       UInt16,
    paused_days         UInt16,
    extensions_used     UInt8,
    extensions_refused  UInt8,
    due_date            Date COMMENT 'the last local day allowed',
    due_at              DateTime64(3, 'UTC') COMMENT 'when the clock runs out: the start of the day after due_date, local time',
    warn_from           Date COMMENT 'first local day inside the pack''s warning window',
    stopped_at          Nullable(DateTime64(3, 'UTC')),
    details             String COMMENT 'JSON: accepted and refused extensions',
    computed_at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (pack_id, branch_id, complaint_id, clock_id);

-- For analysts: the latest computation of every clock, with breach and warning evaluated now.
-- A stop event that arrived after computed_at shows once the job has run again (see the doc).
CREATE VIEW IF NOT EXISTS complaint_clock AS
SELECT
    pack_id,
    pack_version,
    clock_id,
    branch_id,
    complaint_id,
    day_kind,
    if(stopped_at IS NULL, status, 'stopped')                         AS status,
    started_at,
    start_date,
    limit_days,
    extended_days,
    paused_days,
    limit_days + extended_days + paused_days                          AS allowed_days,
    extensions_used,
    extensions_refused,
    due_date,
    due_at,
    warn_from,
    stopped_at,
    if(stopped_at IS NULL, status != 'paused' AND now64(3) >= due_at, stopped_at >= due_at) AS breached,
    stopped_at IS NULL AND status = 'running' AND now64(3) < due_at
        AND toDate(now64(3), 'Asia/Shanghai') >= warn_from             AS warning,
    if(stopped_at IS NULL, round(dateDiff('second', now64(3), due_at) / 3600, 1), NULL) AS hours_to_due,
    details,
    computed_at
FROM complaint_clocks_v1 FINAL;
