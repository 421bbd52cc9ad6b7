DROP TABLE time_entries;
DROP TABLE time_transfers;
DROP TABLE time_accounts;
