-- The open directory of local support. A group may give the postcode
-- district (outward code, such as SE15) it works from; each district has
-- one centroid, given by the coordinators who name it, which places the
-- group's activities that have no coordinates of their own and turns a
-- postcode search into a point.
CREATE TABLE postcode_areas (
    district TEXT PRIMARY KEY,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL
);

-- No foreign key: setting a group's district writes its postcode_areas row
-- in the same transaction, and SQLite cannot drop a column that carries one.
ALTER TABLE groups ADD COLUMN postcode_area TEXT;
CREATE INDEX groups_postcode_area_idx ON groups (postcode_area);

-- The directory lists published activities; those with their own
-- coordinates are found by a range on latitude and longitude.
CREATE INDEX activities_directory_geo_idx ON activities (status, latitude, longitude);
