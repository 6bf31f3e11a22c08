-- The connection budget every replica draws on (JdbcConnectionBudget): one row per bucket, keyed
-- 'a:192.0.2.1' (an address), 'n:192.0.2.0/24' (its network), 'da:'/'dn:' (deep probes), holding
-- the bucket's theoretical arrival time (GCRA) in microseconds since the epoch. A missing row, or
-- one whose time has passed, is a full bucket: rows are created on first use and pruned.
CREATE TABLE connect_budget (
    bucket_key VARCHAR(160) PRIMARY KEY,
    tat_us BIGINT NOT NULL
);
