-- Preventive check-ins: a plan per resident, its occurrences (materialised
-- 14 days ahead, one row per plan and due time), and the events on each
-- occurrence (reminders, outcomes, misses, every escalation step and the
-- all clear), each recorded exactly once.
CREATE TABLE check_in_plans (
    id BIGSERIAL PRIMARY KEY,
    resident_id BIGINT NOT NULL REFERENCES people (id),
    group_id BIGINT NOT NULL REFERENCES groups (id),
    volunteer_id BIGINT NOT NULL REFERENCES people (id),
    backup_volunteer_id BIGINT REFERENCES people (id),
    recurrence TEXT NOT NULL,
    first_due_at TIMESTAMP NOT NULL,
    channel TEXT NOT NULL,
    grace_minutes INTEGER NOT NULL,
    risk_level TEXT NOT NULL,
    risk_rank INTEGER NOT NULL,
    status TEXT NOT NULL,
    paused_until DATE,
    ended_at TIMESTAMP,
    materialised_until TIMESTAMP NOT NULL,
    created_by BIGINT NOT NULL REFERENCES people (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX check_in_plans_due_idx ON check_in_plans (status, materialised_until);
CREATE INDEX check_in_plans_resident_idx ON check_in_plans (resident_id, id);
CREATE INDEX check_in_plans_group_idx ON check_in_plans (group_id, id);

CREATE TABLE check_ins (
    id BIGSERIAL PRIMARY KEY,
    plan_id BIGINT NOT NULL REFERENCES check_in_plans (id),
    resident_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    volunteer_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    overdue_at TIMESTAMP NOT NULL,
    remind_at TIMESTAMP NOT NULL,
    risk_rank INTEGER NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    concerns TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    minutes INTEGER,
    recorded_by BIGINT REFERENCES people (id),
    recorded_at TIMESTAMP,
    reminded_at TIMESTAMP,
    missed_at TIMESTAMP,
    escalation_step INTEGER NOT NULL DEFAULT 0,
    next_step_at TIMESTAMP,
    resolved_at TIMESTAMP,
    resolved_by BIGINT REFERENCES people (id),
    resolution_note TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, due_at)
);
CREATE INDEX check_ins_due_idx ON check_ins (status, due_at);
CREATE INDEX check_ins_step_idx ON check_ins (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX check_ins_volunteer_idx ON check_ins (volunteer_id, due_at, id);
CREATE INDEX check_ins_resident_idx ON check_ins (resident_id, due_at, id);
CREATE INDEX check_ins_group_idx ON check_ins (group_id, status, risk_rank, due_at, id);

CREATE TABLE check_in_events (
    id BIGSERIAL PRIMARY KEY,
    check_in_id BIGINT NOT NULL REFERENCES check_ins (id),
    kind TEXT NOT NULL,
    step INTEGER NOT NULL DEFAULT 0,
    audience TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    recipient_name TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    actor_id BIGINT REFERENCES people (id),
    at TIMESTAMP NOT NULL,
    UNIQUE (check_in_id, kind, step, recipient)
);
CREATE INDEX check_in_events_check_in_idx ON check_in_events (check_in_id, id);
