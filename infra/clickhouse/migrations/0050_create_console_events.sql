-- What people do in the quality console (services/quality-console), written by the normaliser from
-- the console's events on servloop.events.v1 (the same topic, contracts, S3 archive and replay as
-- branch webhooks). Actions completed go to loop_action_events_v1 (source 'console') and call-back
-- outcomes to complaint_clock_events_v1 (kind 'callback'), as those events always did; notes and
-- standard overrides have tables of their own; every console event also leaves an audit row.
CREATE TABLE IF NOT EXISTS loop_notes_v1
(
    event_id      String,
    branch_id     LowCardinality(String),
    loop_id       String,
    note          String COMMENT 'phone and ID numbers masked',
    author        String COMMENT 'console account',
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

CREATE VIEW IF NOT EXISTS loop_notes AS SELECT * FROM loop_notes_v1 FINAL;

CREATE TABLE IF NOT EXISTS standard_overrides_v1
(
    event_id      String,
    branch_id     LowCardinality(String),
    dimension     LowCardinality(String) COMMENT 'attitude | efficiency | performance | process | facilities',
    target        Float64 COMMENT 'mean perception (1–5) the branch must reach',
    reason        String,
    author        String COMMENT 'console account',
    occurred_at   DateTime64(3, 'UTC'),
    local_date    Date,
    received_at   DateTime64(3, 'UTC'),
    _topic        LowCardinality(String),
    _partition    UInt16,
    _offset       UInt64,
    _ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
ORDER BY (branch_id, dimension, event_id);

CREATE VIEW IF NOT EXISTS standard_overrides AS SELECT * FROM standard_overrides_v1 FINAL;

CREATE TABLE IF NOT EXISTS console_audit_v1
(
    event_id       String,
    branch_id      LowCardinality(String),
    event_type     LowCardinality(String),
    actor          String COMMENT 'console account (username or OIDC e-mail/subject)',
    actor_role     LowCardinality(String) COMMENT 'hq | region | branch',
    actor_via      LowCardinality(String) COMMENT 'local | OIDC provider id',
    actor_session  String COMMENT 'hash of the session id: which sign-in did it',
    subject_id     String COMMENT 'loop id, dimension or case id the write was about',
    summary        String COMMENT 'JSON: the fields written',
    occurred_at    DateTime64(3, 'UTC'),
    received_at    DateTime64(3, 'UTC'),
    _topic         LowCardinality(String),
    _partition     UInt16,
    _offset        UInt64,
    _ingested_at   DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (branch_id, event_id);

CREATE VIEW IF NOT EXISTS console_audit AS SELECT * FROM console_audit_v1 FINAL;
