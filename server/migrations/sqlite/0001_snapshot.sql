-- The imported report snapshot. Each record is kept whole as JSON (`data`) beside the keys the
-- server looks up or scopes by; an import replaces these tables in one transaction.
CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL, mpn_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE workloads (seq BIGINT PRIMARY KEY, tenant_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX workloads_tenant ON workloads (tenant_id);
CREATE TABLE tipping_points (seq BIGINT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE cloud_endpoints (tenant_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE referrals (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE imports (
    id BIGINT PRIMARY KEY,
    imported_at TEXT NOT NULL,
    source TEXT NOT NULL,
    tenants BIGINT NOT NULL,
    workloads BIGINT NOT NULL
);
