DROP INDEX volunteer_profiles_location_idx;
ALTER TABLE help_requests DROP COLUMN home_visit;
ALTER TABLE help_requests DROP COLUMN required_skills;
