-- Messages between a record's patient side (the patient, a parent of a child under 15, a
-- representative) and a hospital's services (issue 19). Instants BIGINT Unix seconds.

-- A conversation with one service of one hospital about one record.
CREATE TABLE message_threads (
    id TEXT PRIMARY KEY,
    record_id TEXT NOT NULL REFERENCES patients (id),
    hospital_id TEXT NOT NULL REFERENCES hospitals (id),
    service TEXT NOT NULL
        CHECK (service IN ('patient_support', 'parent_child_link', 'patient_questions_other')),
    subject TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL
);

CREATE INDEX message_threads_record ON message_threads (record_id, last_message_at);

-- One message. From the patient's side `author_id` is who wrote it and `client_id` the id
-- their device made (a retry finds the message already there); from the hospital
-- `staff_name` as signed. `handled_at`: when staff answered a patient's message.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES message_threads (id),
    author_id TEXT REFERENCES patients (id),
    staff_name TEXT,
    client_id TEXT,
    body TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    -- Its place in the thread (messages in the same second keep the order they came in).
    position BIGINT NOT NULL,
    handled_at BIGINT,
    CHECK ((author_id IS NULL AND staff_name IS NOT NULL)
        OR (author_id IS NOT NULL AND staff_name IS NULL AND client_id IS NOT NULL))
);

CREATE UNIQUE INDEX messages_client ON messages (author_id, client_id);
CREATE INDEX messages_thread ON messages (thread_id, position);

-- A file joined to a message: base64 text, as link-request documents (the SQL both
-- databases share), its kind read from its content.
CREATE TABLE message_attachments (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES messages (id),
    position BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size BIGINT NOT NULL,
    content TEXT NOT NULL
);

CREATE INDEX message_attachments_message ON message_attachments (message_id, position);
