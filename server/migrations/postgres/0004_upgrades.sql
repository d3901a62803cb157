-- Upgrades of stored records that SQL cannot express (the server rewrites the JSON in `data`
-- once, in one transaction, and records its name here): see server/src/store/upgrade.rs.
CREATE TABLE upgrades (name TEXT PRIMARY KEY, done_at TEXT NOT NULL);
