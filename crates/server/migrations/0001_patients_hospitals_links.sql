-- People, partner hospitals and the links between records.
-- Written in the SQL that SQLite and PostgreSQL both accept: TEXT ids (UUIDs made by the
-- server), BIGINT instants (Unix seconds), dates as TEXT 'YYYY-MM-DD', BOOLEAN flags.

CREATE TABLE hospitals (
    id TEXT PRIMARY KEY,                 -- short stable code, e.g. 'hzk'
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    -- Nothing validated before this date is shown to patients (15 Aug 2016 network-wide,
    -- later at some partners).
    reports_visible_from TEXT NOT NULL,
    -- Whether this partner shows the reports of children under 15 online.
    shares_child_reports BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE patients (
    id TEXT PRIMARY KEY,
    -- The hospital patient number, printed on invoices and letters.
    ead_number TEXT NOT NULL UNIQUE,
    -- Belgians only; NULL for patients without one.
    national_register_number TEXT UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    -- Set when the patient died: every online access to the record closes at once.
    date_of_death TEXT,
    email TEXT,
    street TEXT,
    postal_code TEXT,
    city TEXT,
    country TEXT NOT NULL,
    preferred_language TEXT NOT NULL CHECK (preferred_language IN ('nl', 'fr', 'en')),
    created_at BIGINT NOT NULL
);

-- One person (the holder) may open another person's record (the subject).
CREATE TABLE record_links (
    id TEXT PRIMARY KEY,
    holder_id TEXT NOT NULL REFERENCES patients (id),
    subject_id TEXT NOT NULL REFERENCES patients (id),
    kind TEXT NOT NULL CHECK (kind IN ('parent_child', 'trusted_person', 'representative')),
    status TEXT NOT NULL CHECK (status IN ('requested', 'active', 'ended', 'revoked')),
    valid_from TEXT NOT NULL,
    -- The last day the link gives access; for a parent/child link the day before the
    -- child's 15th birthday. NULL: until revoked.
    valid_until TEXT,
    created_at BIGINT NOT NULL,
    CHECK (holder_id <> subject_id)
);

CREATE INDEX record_links_holder ON record_links (holder_id);
CREATE INDEX record_links_subject ON record_links (subject_id);
