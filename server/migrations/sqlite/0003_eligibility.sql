-- Solutions Partner customer eligibility (seed 003): the rows of eligibility.csv, kept whole
-- as JSON beside the tenant they belong to (scoping), and an imported solutions_partner.csv
-- (none: the shipped default table applies). Both are part of the snapshot an import replaces.
CREATE TABLE eligibility (seq BIGINT PRIMARY KEY, tenant_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE solutions_partner (seq BIGINT PRIMARY KEY, data TEXT NOT NULL);
