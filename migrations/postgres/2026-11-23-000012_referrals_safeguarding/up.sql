-- Referrals to statutory partners (closed loop), safeguarding concerns, a
-- fuller audit trail, and erasure.

-- A statutory partner's referral inbox, the reasons it accepts (comma
-- separated, empty: any) and how many working days it takes to acknowledge.
ALTER TABLE groups ADD COLUMN referral_email TEXT;
ALTER TABLE groups ADD COLUMN accepted_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN acknowledge_days INTEGER NOT NULL DEFAULT 2;

-- Erased people keep their row (ledger, safeguarding and audit point at it)
-- with personal data removed.
ALTER TABLE people ADD COLUMN erased_at TIMESTAMP;

-- Whom an audit event is about (no foreign key: people are never deleted,
-- and audit rows must outlive any change to them), and why the data was used.
ALTER TABLE audit_events ADD COLUMN person_id BIGINT;
ALTER TABLE audit_events ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_events_person_idx ON audit_events (person_id, at, id);
-- The audit trail pages through a person's reads by (at, id).
DROP INDEX sensitive_reads_resident_idx;
CREATE INDEX sensitive_reads_resident_idx ON sensitive_reads (resident_id, at, id);

CREATE TABLE referrals (
    id BIGSERIAL PRIMARY KEY,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    partner_group_id BIGINT NOT NULL REFERENCES groups (id),
    referring_group_id BIGINT REFERENCES groups (id),
    referrer_id BIGINT NOT NULL REFERENCES people (id),
    check_in_id BIGINT REFERENCES check_ins (id),
    redirected_from_id BIGINT REFERENCES referrals (id),
    reason TEXT NOT NULL,
    details TEXT NOT NULL,
    urgency TEXT NOT NULL,
    consent_id BIGINT REFERENCES consents (id),
    lawful_basis TEXT,
    lawful_basis_reasoning TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    sent_at TIMESTAMP,
    acknowledge_by TIMESTAMP,
    acknowledged_at TIMESTAMP,
    overdue_notified_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX referrals_partner_idx ON referrals (partner_group_id, status, id);
CREATE INDEX referrals_referring_group_idx ON referrals (referring_group_id, id);
CREATE INDEX referrals_referrer_idx ON referrals (referrer_id, id);
CREATE INDEX referrals_resident_idx ON referrals (resident_id, id);
CREATE INDEX referrals_ack_idx ON referrals (status, acknowledge_by);

CREATE TABLE referral_events (
    id BIGSERIAL PRIMARY KEY,
    referral_id BIGINT NOT NULL REFERENCES referrals (id),
    actor_id BIGINT REFERENCES people (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, id);

CREATE TABLE safeguarding_concerns (
    id BIGSERIAL PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id),
    raised_by BIGINT NOT NULL REFERENCES people (id),
    category TEXT NOT NULL,
    what_happened TEXT NOT NULL,
    immediate_risk BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    triage TEXT,
    decision TEXT,
    decision_reasoning TEXT NOT NULL DEFAULT '',
    referral_id BIGINT REFERENCES referrals (id),
    closed_at TIMESTAMP,
    closed_by BIGINT REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX safeguarding_concerns_person_idx ON safeguarding_concerns (person_id, id);
CREATE INDEX safeguarding_concerns_raised_by_idx ON safeguarding_concerns (raised_by, id);
CREATE INDEX safeguarding_concerns_status_idx ON safeguarding_concerns (status, id);

-- Triage, each action taken, the referral, the decision and the close.
CREATE TABLE safeguarding_events (
    id BIGSERIAL PRIMARY KEY,
    concern_id BIGINT NOT NULL REFERENCES safeguarding_concerns (id),
    actor_id BIGINT NOT NULL REFERENCES people (id),
    kind TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX safeguarding_events_concern_idx ON safeguarding_events (concern_id, id);
