-- Each DBS expiry warning (60, 30 and 7 days before) is sent once.
CREATE TABLE vetting_warnings (
    vetting_id BIGINT NOT NULL REFERENCES vettings (id),
    days INTEGER NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (vetting_id, days)
);
