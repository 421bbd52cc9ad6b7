-- Help requests: a resident's ask, handled by one group, offered for by
-- volunteers and assigned to one of them.
CREATE TABLE help_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    group_id BIGINT NOT NULL REFERENCES groups (id),
    requested_by BIGINT NOT NULL REFERENCES people (id),
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    urgency TEXT NOT NULL,
    -- URGENT 3, SOON 2, ROUTINE 1: the open listing sorts by it.
    urgency_rank INTEGER NOT NULL,
    -- Preferred windows as "start/end" pairs (UTC), comma separated.
    preferred_times TEXT NOT NULL,
    last_window_ends_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    assigned_volunteer_id BIGINT REFERENCES people (id),
    assigned_by BIGINT REFERENCES people (id),
    assigned_at TIMESTAMP,
    minutes INTEGER,
    completion_notes TEXT,
    completed_by BIGINT REFERENCES people (id),
    completed_at TIMESTAMP,
    cancel_reason TEXT,
    cancelled_by BIGINT REFERENCES people (id),
    cancelled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The open listing: status, then most urgent and oldest first.
CREATE INDEX help_requests_open_idx ON help_requests (status, urgency_rank DESC, created_at, id);
CREATE INDEX help_requests_category_idx ON help_requests (status, category, urgency_rank DESC, created_at, id);
-- A resident's own requests, newest first.
CREATE INDEX help_requests_resident_idx ON help_requests (resident_id, created_at, id);
-- The expiry job.
CREATE INDEX help_requests_expiry_idx ON help_requests (status, last_window_ends_at);
CREATE INDEX help_requests_volunteer_idx ON help_requests (assigned_volunteer_id, status);

CREATE TABLE help_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    help_request_id BIGINT NOT NULL REFERENCES help_requests (id),
    volunteer_id BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (help_request_id, volunteer_id)
);
