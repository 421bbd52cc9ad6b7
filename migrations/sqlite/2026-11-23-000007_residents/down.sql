DROP TABLE sensitive_reads;
DROP TABLE consents;
DROP TABLE emergency_contacts;
DROP TABLE resident_profiles;
