-- Branches (营业厅): where counters are, which region, which time zone rolls their days up.
CREATE TABLE IF NOT EXISTS branches_v1
(
    branch_id   String,
    name        String,
    region      LowCardinality(String),
    timezone    LowCardinality(String) DEFAULT 'Asia/Shanghai',
    industry    LowCardinality(String) DEFAULT '',
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY branch_id;
