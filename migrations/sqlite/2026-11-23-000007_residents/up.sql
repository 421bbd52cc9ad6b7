-- Residents: their profile, emergency contacts, append-only consent records,
-- and an append-only log of every read of their sensitive details.
CREATE TABLE resident_profiles (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    area TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    what_matters TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    risk_enablement TEXT NOT NULL DEFAULT '',
    budget_pence INTEGER,
    budget_direct_payment BOOLEAN NOT NULL DEFAULT 0,
    updated_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resident_profiles_area_idx ON resident_profiles (area);

CREATE TABLE emergency_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    relationship TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT,
    created_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (resident_id, position)
);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    purpose TEXT NOT NULL,
    given BOOLEAN NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES people (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX consents_resident_idx ON consents (resident_id, purpose, id);

CREATE TABLE sensitive_reads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reader_id BIGINT NOT NULL REFERENCES people (id),
    resident_id BIGINT NOT NULL REFERENCES people (id),
    fields TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX sensitive_reads_resident_idx ON sensitive_reads (resident_id, at);
