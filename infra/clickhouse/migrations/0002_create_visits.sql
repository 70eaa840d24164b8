-- One row per completed counter visit (visit.completed). Keyed on the event id: a redelivered
-- event replaces itself. local_date is the calendar day in the branch's own offset.
CREATE TABLE IF NOT EXISTS visits_v1
(
    event_id         String,
    branch_id        LowCardinality(String),
    visit_id         String,
    window_id        String,
    staff_id         String,
    customer_key     String,
    service_type     LowCardinality(String),
    queued_at        DateTime64(3, 'UTC'),
    called_at        DateTime64(3, 'UTC'),
    served_at        DateTime64(3, 'UTC'),
    finished_at      DateTime64(3, 'UTC'),
    wait_seconds     UInt32 COMMENT 'called_at - queued_at',
    service_seconds  UInt32 COMMENT 'finished_at - served_at',
    amount           Nullable(Decimal(18, 2)),
    currency         LowCardinality(String),
    occurred_at      DateTime64(3, 'UTC'),
    local_date       Date COMMENT 'day of occurred_at in the branch''s UTC offset',
    received_at      DateTime64(3, 'UTC'),
    _topic           LowCardinality(String),
    _partition       UInt16,
    _offset          UInt64,
    _ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
