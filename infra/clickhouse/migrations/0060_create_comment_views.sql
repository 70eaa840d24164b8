-- What analysts and the analytics worker read of comment_analysis_v1 (0020): one analysis per
-- comment, by the latest analyser version that analysed it. A re-analysis with a new version
-- (`pnpm --filter @servloop/normaliser reanalyse`) adds rows beside the old ones; the old rows stay
-- for comparison, and these views switch to the new version event by event as it is written.
-- "Latest" compares the version's numeric suffix part by part (1.10.0 after 1.9.0), not as text.
-- A survey response corrected by a resend counts once: only the newest version of a response
-- (survey_responses_latest) keeps its comment; complaint descriptions are written once.
CREATE VIEW IF NOT EXISTS comment_analysis_latest AS
SELECT * FROM comment_analysis_v1 FINAL
WHERE (branch_id, event_id, source, analyser_version) IN (
    SELECT branch_id, event_id, source,
           argMax(analyser_version,
                  arrayMap(x -> toUInt32OrZero(x), splitByChar('.', extract(analyser_version, '(\\d+(?:\\.\\d+)*)$'))))
    FROM comment_analysis_v1 GROUP BY branch_id, event_id, source)
  AND (source = 'complaint' OR event_id IN (SELECT event_id FROM survey_responses_latest));

-- One row per comment × topic (dimension) it mentions, with that topic's sentiment. Comments with
-- no topic have no row here: count comments (the denominator of a share) in comment_analysis_latest.
CREATE VIEW IF NOT EXISTS comment_topics AS
SELECT event_id, branch_id, source, source_id, occurred_at, local_date, toMonday(local_date) AS week,
       analyser_version, topic, topic_sentiment, sentiment AS comment_sentiment, subtopics, matched_terms,
       needs_response, reasons
FROM comment_analysis_latest
ARRAY JOIN topics AS topic, topic_sentiments AS topic_sentiment;
