-- Questionnaires a hospital sends to patients (issue 19): the forms as imported (FHIR R4
-- Questionnaire), each sending to one patient with its answers, and the codes in the
-- e-mails that open them on a web page with the patient's date of birth.
-- Instants BIGINT Unix seconds, as elsewhere.

-- A hospital's form. `questions` is dossier-api's Questionnaire as JSON (what every side
-- shows); `source` the FHIR resource as imported, kept to export answers in its own terms
-- (groups, coding systems).
CREATE TABLE questionnaire_forms (
    id TEXT PRIMARY KEY,
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    -- The Questionnaire's canonical url (else its id) and version ('' when none).
    source_url TEXT NOT NULL,
    source_version TEXT NOT NULL,
    title TEXT NOT NULL,
    questions TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    UNIQUE (hospital_id, source_url, source_version)
);

-- One form sent to one patient. `answers`: dossier-api's answers as JSON, NULL until some
-- are saved. Submitted answers never change.
CREATE TABLE questionnaire_requests (
    id TEXT PRIMARY KEY,
    form_id TEXT NOT NULL REFERENCES questionnaire_forms (id),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    sent_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'started', 'submitted')),
    answers TEXT,
    saved_at BIGINT,
    -- Who saved last: the patient or someone linked to the record (a patient id), or NULL
    -- for the web page opened with an e-mailed code.
    saved_by TEXT REFERENCES patients (id),
    submitted_at BIGINT,
    -- When staff last exported it as a FHIR QuestionnaireResponse.
    exported_at BIGINT
);

CREATE INDEX questionnaire_requests_patient ON questionnaire_requests (patient_id, sent_at);
CREATE INDEX questionnaire_requests_submitted ON questionnaire_requests (status, exported_at);

-- A code from a "Fill in questionnaire(s)" e-mail: it opens the patient's questionnaires
-- together with the patient's date of birth. Stored hashed; blocked after a few wrong
-- dates of birth; expires.
CREATE TABLE questionnaire_codes (
    code_hash TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients (id),
    -- Who the e-mail went to: the patient, a parent, a representative.
    recipient_id TEXT NOT NULL REFERENCES patients (id),
    email TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    failed_tries BIGINT NOT NULL,
    blocked_at BIGINT
);

CREATE INDEX questionnaire_codes_recipient ON questionnaire_codes (recipient_id, patient_id);

-- The web page's session after code and date of birth (a cookie holds the token).
CREATE TABLE questionnaire_web_sessions (
    token_hash TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL REFERENCES questionnaire_codes (code_hash),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    -- The page's language: the e-mail's, or the one chosen on the page.
    language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    expires_at BIGINT NOT NULL
);
