-- Appointments and invoices (issue 18), synced per record like reports: every change takes
-- the next number of its own sequence, and a row withdrawn by the hospital stays as a
-- tombstone so devices that had it are told to delete it.
-- Dates are ISO text, instants BIGINT Unix seconds, booleans BIGINT 0/1, amounts BIGINT
-- euro cents, as elsewhere.

-- Per hospital department: may the app cancel, and up to how many hours before the start.
-- A department without a row takes no cancellation from the app.
CREATE TABLE department_rules (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    department TEXT NOT NULL,
    cancellable BIGINT NOT NULL,
    notice_hours BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, department)
);

CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- The hospital's own identifier: importing it again updates the appointment. It
    -- belongs to one patient.
    source_id TEXT NOT NULL,
    department TEXT NOT NULL,
    -- NULL campus: no place (a video consultation).
    campus TEXT,
    route TEXT,
    floor TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    with_whom TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('in_person', 'video')),
    -- https only; given to the app only from 15 minutes before the start until the end.
    video_link TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'moved', 'cancelled', 'done')),
    -- 'app' (the patient, a parent, a representative) or 'hospital'; NULL unless cancelled.
    cancelled_by TEXT CHECK (cancelled_by IN ('app', 'hospital')),
    cancelled_at BIGINT,
    instructions TEXT NOT NULL,
    -- 1 once the hospital withdrew it (entered in error): devices delete it.
    withdrawn BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (hospital_id, source_id)
);

CREATE INDEX appointments_patient_seq ON appointments (patient_id, change_seq);
CREATE INDEX appointments_patient_start ON appointments (patient_id, starts_at);
CREATE INDEX appointments_cancelled ON appointments (hospital_id, cancelled_at);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- The hospital's invoice number; importing it again updates the invoice.
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    total_cents BIGINT NOT NULL CHECK (total_cents >= 0),
    insurer_paid_cents BIGINT NOT NULL CHECK (insurer_paid_cents >= 0),
    patient_share_cents BIGINT NOT NULL CHECK (patient_share_cents >= 0),
    -- Overdue is not stored: an open invoice past its due date is overdue.
    status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'in_dispute')),
    paid_on TEXT,
    -- The 12 digits of the structured communication, check included.
    structured_communication TEXT NOT NULL,
    payment_link TEXT,
    withdrawn BIGINT NOT NULL,
    change_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (insurer_paid_cents + patient_share_cents = total_cents),
    UNIQUE (hospital_id, number)
);

CREATE INDEX invoices_patient_seq ON invoices (patient_id, change_seq);
CREATE INDEX invoices_patient_due ON invoices (patient_id, due_on);

INSERT INTO sequences (name, value) VALUES ('appointment_changes', 0);
INSERT INTO sequences (name, value) VALUES ('invoice_changes', 0);
