-- Personal details kept up to date by the patient (issue 18), with every change kept, and
-- e-mail notifications: settings per person, what waits to be told, what was told.
-- Instants BIGINT Unix seconds, booleans BIGINT 0/1, as elsewhere.

-- In international form (E.164: +32470123456); NULL: none given.
ALTER TABLE patients ADD COLUMN phone TEXT;

-- Every change of a personal detail: what, who, in which capacity, when, before and after
-- (as shown to the patient). Written in the same transaction as the change.
CREATE TABLE detail_changes (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    field TEXT NOT NULL
        CHECK (field IN ('address', 'phone', 'email', 'language', 'general_practitioner')),
    changed_by TEXT NOT NULL REFERENCES patients (id),
    changed_as TEXT NOT NULL CHECK (changed_as IN ('patient', 'parent', 'representative')),
    changed_at BIGINT NOT NULL,
    before_value TEXT,
    after_value TEXT
);

CREATE INDEX detail_changes_patient ON detail_changes (patient_id, changed_at);

-- A person's choices; no row: the defaults (both on). `last_mailed_at` is the last
-- "something new" e-mail: at most one an hour, claimed by the server that sends it.
CREATE TABLE notification_settings (
    patient_id TEXT PRIMARY KEY REFERENCES patients (id),
    something_new BIGINT NOT NULL,
    appointment_reminder BIGINT NOT NULL,
    last_mailed_at BIGINT
);

-- Something new for a person to be told about (one row per person told: the patient, a
-- parent, a representative, a trusted person who asked to be informed). Deleted when the
-- e-mail that covers it is claimed.
CREATE TABLE notifications_waiting (
    id TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES patients (id),
    record_id TEXT NOT NULL REFERENCES patients (id),
    kind TEXT NOT NULL
        CHECK (kind IN ('report', 'appointment', 'invoice', 'message', 'questionnaire')),
    -- When there is something to see: now, or when a report's delay ends.
    due_at BIGINT NOT NULL
);

CREATE INDEX notifications_waiting_due ON notifications_waiting (due_at, recipient_id);

-- One reminder per appointment and person: the primary key is the claim, so two servers
-- (or a restart) never send it twice.
CREATE TABLE appointment_reminders (
    appointment_id TEXT NOT NULL REFERENCES appointments (id),
    recipient_id TEXT NOT NULL REFERENCES patients (id),
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (appointment_id, recipient_id)
);
