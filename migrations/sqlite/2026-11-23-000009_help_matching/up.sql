-- What a help request needs from whoever helps: skills (newline-separated,
-- lower case) and whether it means going into the resident's home (then the
-- volunteer needs at least a BASIC DBS check).
ALTER TABLE help_requests ADD COLUMN required_skills TEXT NOT NULL DEFAULT '';
ALTER TABLE help_requests ADD COLUMN home_visit BOOLEAN NOT NULL DEFAULT 1;

-- Matching pre-filters volunteers by a bounding box around the resident.
CREATE INDEX volunteer_profiles_location_idx ON volunteer_profiles (latitude, longitude);
