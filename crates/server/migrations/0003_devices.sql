-- Registered devices and PIN login.
-- The server never sees the PIN. Per device it keeps the public signing key, a keyed hash
-- of the PIN-derived access key, and the server's share of the key that seals the device's
-- private key: released only for the right access key, deleted when the device is blocked.

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    -- Ed25519 public key, base64.
    public_key TEXT NOT NULL,
    -- HMAC-SHA256(server key, access key), hex. NULL once blocked or removed.
    access_verifier TEXT,
    -- 256 random bits, base64. NULL once blocked or removed.
    server_share TEXT,
    failed_pin_attempts BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'blocked', 'removed')),
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    status_changed_at BIGINT NOT NULL
);

CREATE INDEX devices_account ON devices (account_id);

-- One PIN login: issued, then unlocked by the right access key (the share is released),
-- then used by the device's signature. Single use, two minutes.
CREATE TABLE device_challenges (
    id_hash TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id),
    unlocked_at BIGINT,
    used_at BIGINT,
    expires_at BIGINT NOT NULL
);

CREATE INDEX device_challenges_expiry ON device_challenges (expires_at);

-- A session opened with a PIN belongs to its device: removing the device ends it.
ALTER TABLE sessions ADD COLUMN device_id TEXT REFERENCES devices (id);
