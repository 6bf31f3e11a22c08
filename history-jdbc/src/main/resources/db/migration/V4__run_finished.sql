-- When a group run's last probe ended, for the run's duration (the metrics' last run duration).
-- Null for runs stored before.
ALTER TABLE group_run ADD COLUMN finished_at TIMESTAMP(6) WITH TIME ZONE;
