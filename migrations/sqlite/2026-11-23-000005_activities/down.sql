DROP INDEX shifts_activity_idx;
DROP TABLE activity_bookings;
DROP TABLE activity_occurrences;
DROP TABLE activities;
