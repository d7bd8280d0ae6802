-- Radiology studies (issue 19): the DICOM files behind a radiology report, imported by
-- staff from a folder, their series with a preview picture each, and the codes a patient
-- makes to share one study with a care provider on the server's page.
-- Files are kept in the database as base64 text, as message attachments (the SQL both
-- databases share), so a backup of the database (deploy/README.md) holds them too.
-- Dates are ISO text, instants BIGINT Unix seconds, as elsewhere.

-- One study per report; a study (DICOM Study Instance UID) belongs to one report.
CREATE TABLE radiology_studies (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE REFERENCES reports (id),
    study_instance_uid TEXT NOT NULL UNIQUE,
    -- The series' modalities, each once, in series order, comma-separated (CT,SR).
    modalities TEXT NOT NULL,
    body_part TEXT,
    study_date TEXT,
    description TEXT,
    image_count BIGINT NOT NULL,
    size_bytes BIGINT NOT NULL,
    imported_at BIGINT NOT NULL
);

CREATE TABLE radiology_series (
    id TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES radiology_studies (id),
    series_instance_uid TEXT NOT NULL,
    -- DICOM Series Number, when given; `position` orders the series in the study.
    number BIGINT,
    position BIGINT NOT NULL,
    modality TEXT NOT NULL,
    description TEXT,
    image_count BIGINT NOT NULL,
    -- A PNG of the middle image, at most 512 pixels a side, base64; NULL without pixels.
    preview_png TEXT,
    UNIQUE (study_id, series_instance_uid)
);

CREATE INDEX radiology_series_study ON radiology_series (study_id, position);

-- One DICOM file as imported (its bytes unchanged). `file_name` is its name in the ZIP.
CREATE TABLE radiology_files (
    id TEXT PRIMARY KEY,
    study_id TEXT NOT NULL REFERENCES radiology_studies (id),
    series_id TEXT NOT NULL REFERENCES radiology_series (id),
    sop_instance_uid TEXT NOT NULL,
    position BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (study_id, sop_instance_uid)
);

CREATE INDEX radiology_files_study ON radiology_files (study_id, position);

-- A code the patient (or a parent, a representative) made to share one study. Only its
-- SHA-256 is kept, and its last characters to tell it apart in the list. It works until
-- `expires_at` (30 days at most) unless revoked or blocked after wrong dates of birth.
CREATE TABLE radiology_share_codes (
    code_hash TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    study_id TEXT NOT NULL REFERENCES radiology_studies (id),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    created_by_account TEXT NOT NULL REFERENCES accounts (id),
    ending TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    failed_tries BIGINT NOT NULL,
    blocked_at BIGINT,
    -- Openings and downloads with it.
    uses BIGINT NOT NULL
);

CREATE INDEX radiology_share_codes_study ON radiology_share_codes (study_id, created_at);

-- The provider's page after code and date of birth (a cookie holds the token).
CREATE TABLE radiology_share_sessions (
    token_hash TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL REFERENCES radiology_share_codes (code_hash),
    language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    expires_at BIGINT NOT NULL
);
