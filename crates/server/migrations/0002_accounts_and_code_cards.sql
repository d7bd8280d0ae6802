-- Accounts, code cards, login throttling and challenges, sessions, e-mail links.
-- Secrets are never stored: passwords and card codes as Argon2id PHC strings, tokens as
-- SHA-256 hashes, user names in throttles as keyed hashes.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    patient_id TEXT NOT NULL UNIQUE REFERENCES patients (id),
    user_name TEXT NOT NULL,
    -- Lower-cased: user names are unique whatever their case.
    user_name_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    -- Where password-reset links go.
    email TEXT,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE code_cards (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    serial TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('active', 'blocked', 'replaced')),
    -- Printed at the desk, or posted to the home address after an online request.
    delivery TEXT NOT NULL CHECK (delivery IN ('desk', 'post')),
    issued_at BIGINT NOT NULL,
    status_changed_at BIGINT NOT NULL
);

-- One active card per account at most.
CREATE UNIQUE INDEX code_cards_one_active ON code_cards (account_id) WHERE status = 'active';

CREATE TABLE card_codes (
    card_id TEXT NOT NULL REFERENCES code_cards (id),
    position BIGINT NOT NULL CHECK (position BETWEEN 1 AND 24),
    code_hash TEXT NOT NULL,
    -- Set by the login that used it: a code works once.
    used_at BIGINT,
    PRIMARY KEY (card_id, position)
);

-- Cards to post. The PDF holds the codes in clear, so it is kept only until printed.
CREATE TABLE card_print_queue (
    card_id TEXT PRIMARY KEY REFERENCES code_cards (id),
    pdf_base64 TEXT NOT NULL,
    queued_at BIGINT NOT NULL
);

-- Failed attempts per user name, known or not, so throttling reveals nothing about who
-- has an account. Keyed by an HMAC of the user name: no typed names are stored.
CREATE TABLE login_throttles (
    user_key TEXT PRIMARY KEY,
    consecutive_failures BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL,
    last_code_index BIGINT,
    updated_at BIGINT NOT NULL
);

-- Single-use, short-lived login challenges: which code was asked, for which attempt.
CREATE TABLE login_challenges (
    id_hash TEXT PRIMARY KEY,
    user_key TEXT NOT NULL,
    -- NULL when the user name is unknown: the answer had the same shape all the same.
    account_id TEXT REFERENCES accounts (id),
    card_id TEXT REFERENCES code_cards (id),
    code_index BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX sessions_account ON sessions (account_id);

-- Links sent by e-mail: confirm a card request, reset a password. Single use, expiring.
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('card_request', 'password_reset')),
    patient_id TEXT NOT NULL REFERENCES patients (id),
    email TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('nl', 'fr', 'en')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX email_tokens_patient ON email_tokens (patient_id, purpose);

-- Server-side keys made on first start (the HMAC key for user-name throttling).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
