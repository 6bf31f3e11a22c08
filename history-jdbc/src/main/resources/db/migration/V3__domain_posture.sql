-- What a group's domain line found published (MX hosts and addresses, DNSSEC and TLSA per MX,
-- MTA-STS record and policy, TLS-RPT, client services) as JSON, for change detection between runs.
-- Null for endpoint targets and for snapshots stored before.
ALTER TABLE target_snapshot ADD COLUMN domain_posture TEXT;
