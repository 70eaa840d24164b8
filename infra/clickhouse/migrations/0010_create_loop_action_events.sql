-- Improvement-loop actions reported done: loop.action_completed events from branch systems (through
-- the gateway, so the S3 archive and a replay keep them) and the quality CLI (source 'cli').
CREATE TABLE IF NOT EXISTS loop_action_events_v1
(
    event_id      String,
    branch_id     LowCardinality(String),
    loop_id       String,
    action_kind   LowCardinality(String) COMMENT 'supervision | training | drill | innovation',
    completed_by  String COMMENT 'who did it (staff id or name)',
    note          String,
    source        LowCardinality(String) COMMENT 'event | cli',
    occurred_at   DateTime64(3, 'UTC'),
    local_date    Date,
    received_at   DateTime64(3, 'UTC'),
    _topic        LowCardinality(String),
    _partition    UInt16,
    _offset       UInt64,
    _ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
ORDER BY (branch_id, loop_id, event_id);

CREATE VIEW IF NOT EXISTS loop_action_events AS SELECT * FROM loop_action_events_v1 FINAL;
