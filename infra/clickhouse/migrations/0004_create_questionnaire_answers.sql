-- One row per answered questionnaire item, mapped through the catalogue
-- (schemas/questionnaires/window-service.zh-CN.v1.json) to its dimension and SERVQUAL dimension.
CREATE TABLE IF NOT EXISTS questionnaire_answers_v1
(
    event_id            String,
    branch_id           LowCardinality(String),
    response_id         String,
    visit_id            String,
    customer_key        String,
    questionnaire_id    LowCardinality(String),
    questionnaire_version UInt16,
    item_id             LowCardinality(String),
    quality_type        LowCardinality(String) COMMENT 'soft | hard',
    dimension           LowCardinality(String) COMMENT 'attitude | efficiency | performance | process | facilities',
    servqual_dimension  LowCardinality(String) COMMENT 'tangibles | reliability | responsiveness | assurance | empathy',
    expectation         Nullable(UInt8) COMMENT '1-5, what the customer expected',
    perception          Nullable(UInt8) COMMENT '1-5, what the customer experienced',
    gap                 Nullable(Int8) COMMENT 'perception - expectation (SERVQUAL gap)',
    occurred_at         DateTime64(3, 'UTC'),
    local_date          Date,
    received_at         DateTime64(3, 'UTC'),
    _topic              LowCardinality(String),
    _partition          UInt16,
    _offset             UInt64,
    _ingested_at        DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, event_id, item_id)
SETTINGS non_replicated_deduplication_window = 10000;
