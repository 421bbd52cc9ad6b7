-- Private calendar feed tokens, one per person, revocable by rotation.
CREATE TABLE calendar_feeds (
    person_id BIGINT PRIMARY KEY REFERENCES people (id),
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
