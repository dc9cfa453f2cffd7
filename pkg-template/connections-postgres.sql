-- intercom-edge Connections on Postgres: one row per installed workspace, its value the record
-- as JSON with the token sealed (never in clear). Apply once (psql -f, or your migration tool).
-- COLLATE "C": postgresStore pages through keys in byte order whatever the database's locale.
CREATE TABLE IF NOT EXISTS intercom_connections (
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
