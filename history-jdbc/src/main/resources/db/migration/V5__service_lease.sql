-- Leases: work that one server at a time may run (the Discord gateway), whichever of the servers
-- sharing this database holds the row. Times come from the database's own clock, so the servers'
-- clocks may disagree. Runs unchanged on H2 2.x and PostgreSQL 15.
CREATE TABLE service_lease (
    name VARCHAR(64) PRIMARY KEY,
    -- host:pid/random of the server that holds it
    holder TEXT NOT NULL,
    acquired_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
