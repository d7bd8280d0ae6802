-- Reports as hospitals really send them.
-- * A hospital names its patients by its own patient-number system (a FHIR identifier
--   system URI); the national register number is recognised by its own systems.
-- * A report's version is ordered by the source's own version id and times, so a re-sent
--   older version never replaces a newer one.
-- * Protection by staff is kept apart from the source's status: a re-import does not lift it.
-- * Cancelled or entered-in-error reports are 'withdrawn' (off every device).
-- The status CHECK gains a value, which SQLite cannot alter in place: the table is rebuilt
-- with SQL both databases accept.

ALTER TABLE hospitals ADD COLUMN patient_number_system TEXT;

CREATE TABLE reports_v5 (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- The hospital's own identifier. It belongs to one patient: a report for another
    -- patient with the same source id is refused, never moved or merged.
    source_id TEXT NOT NULL,
    report_type TEXT NOT NULL CHECK (report_type IN
        ('lab_result', 'radiology', 'consultation', 'admission', 'functional', 'examination')),
    title TEXT NOT NULL,
    author TEXT NOT NULL,
    performed_on TEXT NOT NULL,
    -- NULL while a draft.
    validated_at BIGINT,
    -- As the source says: draft (not final), validated, protected (restricted at the
    -- source), withdrawn (cancelled, entered in error).
    status TEXT NOT NULL CHECK (status IN ('draft', 'validated', 'protected', 'withdrawn')),
    -- 1 while staff protect the report, whatever the source sends meanwhile.
    protected_by_staff BIGINT NOT NULL,
    -- The version patients see: 1, then one more per changed content.
    version BIGINT NOT NULL,
    -- The source's own version: FHIR meta.versionId, meta.lastUpdated, issued.
    source_version_id TEXT,
    source_updated_at BIGINT,
    source_issued_at BIGINT,
    body TEXT NOT NULL,
    lab_values TEXT,
    change_seq BIGINT NOT NULL,
    published BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (hospital_id, source_id)
);

INSERT INTO reports_v5 (id, patient_id, hospital_id, source_id, report_type, title, author,
    performed_on, validated_at, status, protected_by_staff, version, source_version_id,
    source_updated_at, source_issued_at, body, lab_values, change_seq, published, updated_at)
SELECT id, patient_id, hospital_id, source_id, report_type, title, author, performed_on,
    validated_at, status, 0, version, NULL, NULL, validated_at, body, lab_values, change_seq,
    published, updated_at
FROM reports;

DROP TABLE reports;
ALTER TABLE reports_v5 RENAME TO reports;

CREATE INDEX reports_patient_seq ON reports (patient_id, change_seq);
CREATE INDEX reports_patient_validated ON reports (patient_id, validated_at);
