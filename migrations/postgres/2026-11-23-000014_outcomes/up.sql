-- Outcome surveys: a resident's answers to the ASCOF-style questions, at
-- most one row per resident and six-month period (answering again in the
-- same period replaces the answers), with the area they lived in when they
-- answered. Published only as aggregates with disclosure control.
CREATE TABLE outcome_surveys (
    id BIGSERIAL PRIMARY KEY,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    submitted_by BIGINT NOT NULL REFERENCES people (id),
    area TEXT NOT NULL,
    period TEXT NOT NULL,
    control TEXT NOT NULL,
    social_contact TEXT NOT NULL,
    safety TEXT NOT NULL,
    information TEXT NOT NULL,
    quality_of_life TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    UNIQUE (resident_id, period)
);
CREATE INDEX outcome_surveys_area_idx ON outcome_surveys (area, submitted_at);
CREATE INDEX outcome_surveys_submitted_idx ON outcome_surveys (submitted_at);

-- One invitation to answer per resident and period, however many times or
-- on however many instances the job runs. EMAIL invitations were queued in
-- the outbox; the others are on the coordinators' call list.
CREATE TABLE outcome_invitations (
    resident_id BIGINT NOT NULL REFERENCES people (id),
    period TEXT NOT NULL,
    channel TEXT NOT NULL,
    invited_at TIMESTAMP NOT NULL,
    PRIMARY KEY (resident_id, period)
);
CREATE INDEX outcome_invitations_period_idx ON outcome_invitations (period, resident_id);

-- The published service figures count time-bank service by period.
CREATE INDEX time_transfers_kind_idx ON time_transfers (kind, created_at);
