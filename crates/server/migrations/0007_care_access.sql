-- The care side (issue 17): who may open a patient's record besides the patient and their
-- links, on what ground, and the log of every decision.
-- * Care providers and staff, where they work, and their keys for the provider endpoint
--   (stored as SHA-256 hashes, like session tokens).
-- * The facts the access rule reads: therapeutic relationships (a period), the patient's
--   GP (and whether the patient objected), referrers' consents, eHealth consent,
--   exclusions (hospital or eHealth) and their temporary overrides.
-- * access_log: append-only. No route changes or deletes an entry; names are copied in as
--   they were at the time, so the log still says who it was after a directory change.
-- Dates are ISO text, instants BIGINT Unix seconds, booleans BIGINT 0/1, as elsewhere.

CREATE TABLE care_providers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    -- NIHDI (RIZIV/INAMI) number, for those who have one.
    nihdi_number TEXT UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE care_provider_workplaces (
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- '' for the hospital as a whole.
    department TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (provider_id, hospital_id, department)
);

CREATE TABLE provider_keys (
    key_hash TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE care_relationships (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    department TEXT,
    valid_from TEXT NOT NULL,
    -- The last day; NULL: ongoing.
    valid_until TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX care_relationships_patient ON care_relationships (patient_id, provider_id);

CREATE TABLE general_practitioners (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id),
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    objected BIGINT NOT NULL DEFAULT 0,
    -- The day the current choice (GP named, objection, allowed again) was made.
    since TEXT NOT NULL
);

CREATE TABLE referrer_consents (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    given_on TEXT NOT NULL,
    withdrawn_at BIGINT
);

CREATE INDEX referrer_consents_patient ON referrer_consents (patient_id, provider_id);

CREATE TABLE ehealth_consents (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id),
    given BIGINT NOT NULL,
    decided_on TEXT NOT NULL
);

CREATE TABLE exclusions (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    provider_id TEXT NOT NULL REFERENCES care_providers (id),
    source TEXT NOT NULL CHECK (source IN ('hospital', 'ehealth')),
    -- For a hospital exclusion: the hospital that registered the patient's form.
    registered_by TEXT REFERENCES hospitals (id),
    since TEXT NOT NULL,
    stopped_at BIGINT
);

CREATE INDEX exclusions_patient ON exclusions (patient_id, provider_id);

CREATE TABLE exclusion_overrides (
    id TEXT PRIMARY KEY,
    exclusion_id TEXT NOT NULL REFERENCES exclusions (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    justification TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX exclusion_overrides_exclusion ON exclusion_overrides (exclusion_id);

CREATE TABLE access_log (
    -- Takes the next number of sequences.access_log: increasing, so a device asks "after".
    seq BIGINT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    at BIGINT NOT NULL,
    -- 'care_provider', 'linked_person' or 'patient'.
    accessor_kind TEXT NOT NULL,
    accessor_name TEXT NOT NULL,
    -- A care role, or a link kind.
    accessor_role TEXT,
    nihdi_number TEXT,
    hospital_name TEXT,
    department TEXT,
    provider_id TEXT REFERENCES care_providers (id),
    -- 'opened', 'refused' or 'changed'.
    event TEXT NOT NULL,
    -- 'record' or 'report' (opened, refused).
    item TEXT,
    report_id TEXT,
    report_title TEXT,
    ground TEXT,
    reason TEXT,
    justification TEXT,
    -- What changed (changed): gp_objected, gp_allowed_again, ...; and whose access.
    change TEXT,
    change_provider_name TEXT,
    -- One entry per session and record for a linked person's openings.
    dedupe_key TEXT UNIQUE
);

CREATE INDEX access_log_patient ON access_log (patient_id, seq);

INSERT INTO sequences (name, value) VALUES ('access_log', 0);
