-- What partners write. An import never touches these tables: they are joined to the snapshot
-- by tenant / referral ID, so a refresh keeps every decision, note, contact and status.
-- Each edited record carries `version`, bumped by every save; `data` is the record as JSON.
CREATE TABLE referral_decisions (
    referral_id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX referral_decisions_tenant ON referral_decisions (tenant_id);
CREATE TABLE notes (
    id BIGSERIAL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX notes_tenant ON notes (tenant_id, id);
CREATE TABLE contacts (
    id BIGSERIAL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX contacts_tenant ON contacts (tenant_id);
CREATE TABLE service_status (
    tenant_id TEXT NOT NULL,
    workload_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (tenant_id, workload_key)
);
-- Append-only: who changed what, when, from which JSON to which (NULL = created / deleted).
CREATE TABLE change_log (
    id BIGSERIAL PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX change_log_tenant ON change_log (tenant_id, id);
