-- Links as people ask for them, staff decide on them and they end.
-- * A trusted person's rights; a representative's mandate; why and when a link ended.
-- * A parent's request for a child's record waits in link_requests until staff decide;
--   the link itself is made only on approval (links::insert). The child named may match
--   no patient (subject_id NULL): the parent is told the same as for any waiting request.
-- * The document joined to a request is kept as base64 text (the SQL both databases
--   share has no common binary type) and deleted once the request is decided.

ALTER TABLE record_links ADD COLUMN view_record BIGINT NOT NULL DEFAULT 1;
ALTER TABLE record_links ADD COLUMN be_informed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE record_links ADD COLUMN ask_for_copy BIGINT NOT NULL DEFAULT 0;
ALTER TABLE record_links ADD COLUMN mandate_reference TEXT;
-- Who made it: 'staff' (at the desk, or approving a request) or 'patient' (a trusted
-- person named from the app, waiting for staff to confirm).
ALTER TABLE record_links ADD COLUMN made_by TEXT NOT NULL DEFAULT 'staff';
ALTER TABLE record_links ADD COLUMN ended_at BIGINT;
-- 'birthday', 'period', 'death', 'patient', 'staff'.
ALTER TABLE record_links ADD COLUMN end_reason TEXT;

CREATE TABLE link_requests (
    id TEXT PRIMARY KEY,
    requester_id TEXT NOT NULL REFERENCES patients (id),
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    -- Digits only.
    national_register_number TEXT,
    hospital_patient_number TEXT,
    -- The patient the details name, found when asked; NULL: none (staff then refuse).
    subject_id TEXT REFERENCES patients (id),
    document TEXT,
    document_type TEXT CHECK (document_type IN ('pdf', 'jpeg', 'png')),
    status TEXT NOT NULL CHECK (status IN ('waiting', 'approved', 'refused')),
    reason TEXT,
    link_id TEXT REFERENCES record_links (id),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);

CREATE INDEX link_requests_requester ON link_requests (requester_id);
CREATE INDEX link_requests_status ON link_requests (status);
