-- Standards: every change is an auditable record (who, how, why), the standards file is applied
-- once per content (its hash), and the standard in force is what the worker resolved by precedence
-- (services/analytics-worker/src/standards.ts), published per branch × dimension.
ALTER TABLE standards_v1 ADD COLUMN IF NOT EXISTS via LowCardinality(String) DEFAULT '' COMMENT 'worker | file | cli';
ALTER TABLE standards_v1 ADD COLUMN IF NOT EXISTS changed_by String DEFAULT '' COMMENT 'a person, the file path, or analytics-worker';
ALTER TABLE standards_v1 ADD COLUMN IF NOT EXISTS content_hash String DEFAULT '' COMMENT 'standards file content hash (via file)';
ALTER TABLE standards_v1 ADD COLUMN IF NOT EXISTS change_id String DEFAULT '';

CREATE TABLE IF NOT EXISTS standards_in_force_v1
(
    branch_id          LowCardinality(String),
    dimension          LowCardinality(String),
    target             Float64,
    standard_version   UInt32,
    standard_source    LowCardinality(String),
    via                LowCardinality(String),
    changed_by         String,
    reason             String,
    locked             UInt8 COMMENT '1 while a person''s override holds it',
    since              DateTime64(3, 'UTC'),
    resolved_at        DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(resolved_at)
ORDER BY (branch_id, dimension);

CREATE OR REPLACE VIEW standards_current AS
SELECT branch_id, dimension, target, standard_version, standard_source, since, via, changed_by, reason, locked
FROM standards_in_force_v1 FINAL;
