-- The time bank: one account per person and per group, double-entry
-- transfers (two entries each, summing to zero), and balances kept on the
-- account in the same transaction as its entries.
CREATE TABLE time_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id BIGINT UNIQUE REFERENCES people (id),
    group_id BIGINT UNIQUE REFERENCES groups (id),
    balance_minutes BIGINT NOT NULL DEFAULT 0,
    given_minutes BIGINT NOT NULL DEFAULT 0,
    received_minutes BIGINT NOT NULL DEFAULT 0,
    lower_limit_minutes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((person_id IS NULL) <> (group_id IS NULL)),
    CHECK (balance_minutes >= lower_limit_minutes)
);

CREATE TABLE time_transfers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    from_account_id BIGINT NOT NULL REFERENCES time_accounts (id),
    to_account_id BIGINT NOT NULL REFERENCES time_accounts (id),
    minutes BIGINT NOT NULL CHECK (minutes > 0),
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by BIGINT REFERENCES people (id),
    source_kind TEXT,
    source_id BIGINT,
    reverses_transfer_id BIGINT UNIQUE REFERENCES time_transfers (id),
    idempotency_key TEXT,
    created_at TIMESTAMP NOT NULL,
    CHECK (from_account_id <> to_account_id),
    UNIQUE (source_kind, source_id),
    UNIQUE (recorded_by, idempotency_key)
);

CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id BIGINT NOT NULL REFERENCES time_transfers (id),
    account_id BIGINT NOT NULL REFERENCES time_accounts (id),
    delta_minutes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX time_entries_account_idx ON time_entries (account_id, id);
CREATE INDEX time_entries_transfer_idx ON time_entries (transfer_id);
