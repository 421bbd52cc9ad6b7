DROP INDEX time_transfers_kind_idx;
DROP TABLE outcome_invitations;
DROP TABLE outcome_surveys;
