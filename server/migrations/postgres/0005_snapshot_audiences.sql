-- Whom the app's snapshot answers were built for (a role and a scope; never a user), most
-- recently asked for first, so that a restarted server or a new import builds them before
-- anyone asks again: see server/src/snapshot_answer.rs. `scope` is '' for the whole
-- organization, else the MPN IDs in ascending order, comma-separated; `asked_at` is Unix
-- seconds.
CREATE TABLE snapshot_audiences (
    role TEXT NOT NULL,
    scope TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    PRIMARY KEY (role, scope)
);
