-- Volunteer profiles, vetting, shifts and sign-ups.
CREATE TABLE volunteer_profiles (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    skills TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    availability TEXT NOT NULL DEFAULT '[]',
    travel_radius_km INTEGER,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE vettings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id BIGINT NOT NULL REFERENCES people (id),
    level TEXT NOT NULL,
    reference TEXT NOT NULL,
    issued_on DATE NOT NULL,
    expires_on DATE,
    verified_by BIGINT NOT NULL REFERENCES people (id),
    group_id BIGINT NOT NULL REFERENCES groups (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX vettings_person_idx ON vettings (person_id, id);
CREATE INDEX vettings_expiry_idx ON vettings (expires_on);

CREATE TABLE shifts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES groups (id),
    activity_id BIGINT,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    places INTEGER NOT NULL,
    required_skills TEXT NOT NULL DEFAULT '',
    required_vetting TEXT NOT NULL DEFAULT 'NONE',
    members_only BOOLEAN NOT NULL DEFAULT 0,
    waitlist BOOLEAN NOT NULL DEFAULT 1,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX shifts_starts_idx ON shifts (starts_at, id);
CREATE INDEX shifts_group_starts_idx ON shifts (group_id, starts_at, id);

CREATE TABLE shift_signups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id BIGINT NOT NULL REFERENCES shifts (id),
    volunteer_id BIGINT NOT NULL REFERENCES people (id),
    status TEXT NOT NULL,
    queue_position BIGINT NOT NULL,
    attended_minutes INTEGER,
    attendance_recorded_by BIGINT REFERENCES people (id),
    attendance_recorded_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (shift_id, volunteer_id)
);
CREATE INDEX shift_signups_shift_idx ON shift_signups (shift_id, status, queue_position);
CREATE INDEX shift_signups_volunteer_idx ON shift_signups (volunteer_id, status);
