-- One row per analysed comment text and analyser version: the survey comment (survey.response and
-- the questionnaire's own comment) and the complaint description, analysed by
-- packages/comment-analysis in the normaliser. The key holds the event, the source and the
-- analyser version, so a replay of the same events with the same analyser replaces its rows,
-- and a new analyser version adds rows beside the old ones (compare versions, or filter one:
-- WHERE analyser_version = '…').
CREATE TABLE IF NOT EXISTS comment_analysis_v1
(
    event_id          String,
    branch_id         LowCardinality(String),
    source            LowCardinality(String) COMMENT 'survey | questionnaire | complaint',
    source_id         String COMMENT 'response_id (survey, questionnaire) or complaint_id (complaint)',
    occurred_at       DateTime64(3, 'UTC'),
    local_date        Date,
    analyser_version  LowCardinality(String),
    topics            Array(LowCardinality(String)) COMMENT 'attitude | efficiency | performance | process | facilities; at most 3',
    topic_sentiments  Array(LowCardinality(String)) COMMENT 'sentiment of topics[i]: positive | negative | neutral | mixed',
    subtopics         Array(LowCardinality(String)),
    sentiment         LowCardinality(String) COMMENT 'overall: positive | negative | neutral | mixed',
    needs_response    UInt8,
    reasons           Array(LowCardinality(String)) COMMENT 'callback_requested | escalation_threat | money_at_risk | privacy_at_risk | safety',
    matched_terms     Array(String) COMMENT 'the words and rules that produced the analysis',
    truncated         UInt8 COMMENT '1 when only the first characters of a long text were analysed',
    _ingested_at      DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(_ingested_at)
PARTITION BY toYYYYMM(local_date)
ORDER BY (branch_id, event_id, source, analyser_version)
SETTINGS non_replicated_deduplication_window = 10000;
