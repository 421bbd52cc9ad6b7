-- The coordinators' overdue dashboard reads, per group, the missed check-ins
-- not yet resolved and the scheduled ones past their overdue time. With the
-- times in the index, both are read from the index alone (the scheduled ones
-- as a range on overdue_at) and only the rows on the page are fetched.
CREATE INDEX check_ins_open_idx ON check_ins (group_id, status, overdue_at, resolved_at, due_at);
