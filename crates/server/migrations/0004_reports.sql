-- Reports, the hospitals' delays, and what sync needs.

-- Per hospital and report type: days after validation before a report is shown.
CREATE TABLE hospital_report_delays (
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    report_type TEXT NOT NULL,
    delay_days BIGINT NOT NULL,
    PRIMARY KEY (hospital_id, report_type)
);

CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- The hospital's own identifier: importing it again updates (amends) the report.
    source_id TEXT NOT NULL,
    report_type TEXT NOT NULL CHECK (report_type IN
        ('lab_result', 'radiology', 'consultation', 'admission', 'functional', 'examination')),
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    performed_on TEXT NOT NULL,
    -- NULL while a draft.
    validated_at BIGINT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'validated', 'protected')),
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    -- JSON array of lab values; NULL for other reports.
    lab_values TEXT,
    -- Sync: every change takes the next number of sequences.report_changes.
    change_seq BIGINT NOT NULL,
    -- 1 once a sync has shown it: only such reports are ever named in a removal, so a
    -- report protected from the start is never revealed. (BIGINT, not BOOLEAN: sqlx's Any
    -- driver cannot read SQLite booleans.)
    published BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (hospital_id, source_id)
);

CREATE INDEX reports_patient_seq ON reports (patient_id, change_seq);
CREATE INDEX reports_patient_validated ON reports (patient_id, validated_at);

-- Counters both databases can increment atomically with UPDATE ... RETURNING.
CREATE TABLE sequences (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO sequences (name, value) VALUES ('report_changes', 0);
