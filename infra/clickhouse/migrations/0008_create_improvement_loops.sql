-- Service standards per branch × dimension, versioned: the newest version is in force.
-- branch_id '*' holds the default that applies where a branch has none of its own.
CREATE TABLE IF NOT EXISTS standards_v1
(
    branch_id          LowCardinality(String),
    dimension          LowCardinality(String),
    version            UInt32,
    target_perception  Float64 COMMENT 'mean perception (1–5) the branch must reach',
    source             LowCardinality(String) COMMENT 'proposed (from expectations) | override (config or CLI) | raised (after a closed loop)',
    reason             String,
    created_at         DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (branch_id, dimension, version);

-- The five-step improvement loop, one row per state version (full history kept).
CREATE TABLE IF NOT EXISTS improvement_loops_v1
(
    loop_id        String,
    branch_id      LowCardinality(String),
    dimension      LowCardinality(String),
    version        UInt32,
    step           UInt8 COMMENT '1 understand · 2 standards · 3 execution · 4 innovate/promises · 5 virtuous cycle',
    status         LowCardinality(String) COMMENT 'open | closed | escalated',
    iteration      UInt16,
    escalation     UInt8,
    target         Float64,
    measured       Nullable(Float64),
    measured_n     UInt32,
    baseline       Nullable(Float64) COMMENT 'measured perception when the loop opened',
    state          String COMMENT 'JSON: expectation profile, actions (owner, due), notes',
    event          String COMMENT 'what changed in this version',
    opened_at      DateTime64(3, 'UTC'),
    due_at         DateTime64(3, 'UTC'),
    updated_at     DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY (branch_id, dimension, loop_id, version);

CREATE VIEW IF NOT EXISTS improvement_loops_current AS
SELECT * FROM improvement_loops_v1 FINAL
ORDER BY branch_id, dimension, loop_id, version DESC
LIMIT 1 BY loop_id;

-- Every alert the rules raised, keyed by its alert key: one email per key.
CREATE TABLE IF NOT EXISTS alerts_v1
(
    alert_key   String,
    rule        LowCardinality(String),
    branch_id   LowCardinality(String),
    severity    LowCardinality(String),
    subject     String,
    details     String COMMENT 'JSON figures behind the alert',
    status      LowCardinality(String) COMMENT 'queued | sent | failed',
    attempts    UInt16,
    error       String,
    created_at  DateTime64(3, 'UTC'),
    updated_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY alert_key;
