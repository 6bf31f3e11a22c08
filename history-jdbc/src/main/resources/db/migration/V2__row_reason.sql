-- Why each target has its status, shown in every summary row: the worst hint's code and the first
-- words of its summary. Null for snapshots stored before; readers then fall back to failure_code.
ALTER TABLE target_snapshot ADD COLUMN worst_code TEXT;
ALTER TABLE target_snapshot ADD COLUMN worst_words TEXT;
