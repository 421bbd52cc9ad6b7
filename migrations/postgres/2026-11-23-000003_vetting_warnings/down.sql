DROP TABLE vetting_warnings;
