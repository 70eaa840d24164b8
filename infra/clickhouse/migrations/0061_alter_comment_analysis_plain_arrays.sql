-- comment_analysis_v1 (0020): its arrays of labels become plain Array(String). The normaliser
-- inserts a row per comment as it ingests, and parsing arrays of LowCardinality strings made that
-- insert dearer than the analysis it stores (bench/normaliser.bench.ts). The labels are a handful
-- of short words per row, which the columns' compression keeps small either way. Names, values
-- and the views over the table (0060: comment_analysis_latest, comment_topics) are unchanged;
-- key columns keep their types. On an existing warehouse the parts are rewritten in the
-- background; reads see the new type at once.
ALTER TABLE comment_analysis_v1
    MODIFY COLUMN topics Array(String) COMMENT 'attitude | efficiency | performance | process | facilities; at most 3',
    MODIFY COLUMN topic_sentiments Array(String) COMMENT 'sentiment of topics[i]: positive | negative | neutral | mixed',
    MODIFY COLUMN subtopics Array(String),
    MODIFY COLUMN reasons Array(String) COMMENT 'callback_requested | escalation_threat | money_at_risk | privacy_at_risk | safety';
