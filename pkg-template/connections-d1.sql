-- intercom-edge Connections on Cloudflare D1 (SQLite): one row per installed workspace, its
-- value the record as JSON with the token sealed (never in clear). Apply once:
--   wrangler d1 execute <DB> --file node_modules/intercom-edge/connections-d1.sql
-- or put it in your migrations folder. d1Store(env.DB) reads and writes it.
CREATE TABLE IF NOT EXISTS intercom_connections (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
);
