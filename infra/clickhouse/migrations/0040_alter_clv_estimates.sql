-- clv_estimates_v1 says which model produced each row and why (issue 11). The CLV job publishes
-- BG/NBD + Gamma-Gamma only when both fits converged inside their bounds and Gamma-Gamma's mean
-- spend exists (q > 1); otherwise every customer gets the pooled fallback (model
-- 'fallback_pooled') and fit_status / fit_note say which check failed. Rows written before this
-- migration were never checked: 'unchecked'.
-- Every statement is idempotent (IF NOT EXISTS, OR REPLACE, COMMENT), so a half-applied run repeats safely.
ALTER TABLE clv_estimates_v1 ADD COLUMN IF NOT EXISTS fit_status LowCardinality(String) DEFAULT 'unchecked' COMMENT 'published | too_few_repeat_buyers | bgnbd_not_converged | bgnbd_at_bound | gammagamma_not_converged | gammagamma_at_bound | gammagamma_q_le_1 | fit_failed' AFTER model;
ALTER TABLE clv_estimates_v1 ADD COLUMN IF NOT EXISTS fit_note String DEFAULT '' COMMENT 'why this model: the failed check with its numbers, and the fallback''s pooled rates' AFTER fit_status;
ALTER TABLE clv_estimates_v1 ADD COLUMN IF NOT EXISTS fit_customers UInt32 DEFAULT 0 COMMENT 'customers the models were fitted (or the fallback pooled) on' AFTER fit_note;
ALTER TABLE clv_estimates_v1 ADD COLUMN IF NOT EXISTS fit_repeat_buyers UInt32 DEFAULT 0 COMMENT 'of those, customers with repeat visits with spend (the Gamma-Gamma sample)' AFTER fit_customers;
ALTER TABLE clv_estimates_v1 COMMENT COLUMN model 'bgnbd_gammagamma (fitted models published) | fallback_pooled (pooled repeat rate and own spend, see fit_status)';
-- A view's SELECT * is expanded when it is created: recreate it so analysts see the new columns.
CREATE OR REPLACE VIEW clv_estimates AS SELECT * FROM clv_estimates_v1 FINAL;
