-- Complaint lifecycle: one row per event (filed, acknowledged, resolved, followed_up). The
-- current state of a complaint is its latest row; see the complaints_current_v1 view.
CREATE TABLE IF NOT EXISTS complaints_v1
(
    event_id      String,
    branch_id     LowCardinality(String),
    complaint_id  String,
    status        LowCardinality(String) COMMENT 'filed | acknowledged | resolved | followed_up',
    customer_key  String,
    channel       LowCardinality(String),
    category      LowCardinality(String) COMMENT 'quality dimension the complaint is about',
    severity      LowCardinality(String) COMMENT 'low | medium | high | critical',
    description   String,
    promised_by   Nullable(DateTime64(3, 'UTC')),
    resolution    String,
    satisfied     Nullable(UInt8),
    handler_id    String,
    occurred_at   DateTime64(3, 'UTC'),
    local_date    Date,
    received_at   DateTime64(3, 'UTC'),
    _topic        LowCardinality(String),
    _partition    UInt16,
    _offset       UInt64,
    _ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, complaint_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
