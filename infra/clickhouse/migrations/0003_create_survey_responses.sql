-- One row per survey answer (survey.response), plus one per window-service questionnaire that
-- carries an NPS answer (channel 'questionnaire'), so NPS is computed from one table.
CREATE TABLE IF NOT EXISTS survey_responses_v1
(
    event_id      String,
    branch_id     LowCardinality(String),
    response_id   String,
    visit_id      String,
    customer_key  String,
    channel       LowCardinality(String),
    language      LowCardinality(String),
    nps           Nullable(UInt8) COMMENT '0-10',
    nps_category  LowCardinality(String) COMMENT 'promoter 9-10, passive 7-8, detractor 0-6, empty when no NPS',
    csat          Nullable(UInt8) COMMENT '1-5',
    ces           Nullable(UInt8) COMMENT '1-7',
    comment       String COMMENT 'phone and ID numbers masked by the gateway',
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
ORDER BY (branch_id, event_id)
SETTINGS non_replicated_deduplication_window = 10000;
