DROP TABLE shift_signups;
DROP TABLE shifts;
DROP TABLE vettings;
DROP TABLE volunteer_profiles;
