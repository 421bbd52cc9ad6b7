-- Activities (one-off or repeating), their materialised occurrences, and
-- residents' bookings of single occurrences.
CREATE TABLE activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT NOT NULL REFERENCES groups (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    all_day BOOLEAN NOT NULL DEFAULT 0,
    recurrence TEXT,
    exdates TEXT NOT NULL DEFAULT '',
    capacity INTEGER,
    location TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    accessibility TEXT NOT NULL DEFAULT '',
    cost_pence INTEGER NOT NULL DEFAULT 0,
    min_age INTEGER,
    max_age INTEGER,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    sequence INTEGER NOT NULL DEFAULT 0,
    ical_uid TEXT,
    occurrences_until TIMESTAMP NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP,
    UNIQUE (group_id, ical_uid)
);
CREATE INDEX activities_group_idx ON activities (group_id, status, id);
CREATE INDEX activities_status_idx ON activities (status, category, id);
CREATE INDEX activities_horizon_idx ON activities (occurrences_until);

-- Occurrence starts and ends (UTC), materialised a year or so ahead, so
-- listings filter by time with plain SQL.
CREATE TABLE activity_occurrences (
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    PRIMARY KEY (activity_id, starts_at)
);
CREATE INDEX activity_occurrences_starts_idx ON activity_occurrences (starts_at, activity_id);
CREATE INDEX activity_occurrences_ends_idx ON activity_occurrences (activity_id, ends_at);

CREATE TABLE activity_bookings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    activity_id BIGINT NOT NULL REFERENCES activities (id),
    occurrence_starts_at TIMESTAMP NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id),
    status TEXT NOT NULL,
    booked_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    UNIQUE (activity_id, occurrence_starts_at, person_id)
);
CREATE INDEX activity_bookings_person_idx ON activity_bookings (person_id, status);
CREATE INDEX activity_bookings_occurrence_idx ON activity_bookings (activity_id, occurrence_starts_at, status);

CREATE INDEX shifts_activity_idx ON shifts (activity_id, starts_at);
