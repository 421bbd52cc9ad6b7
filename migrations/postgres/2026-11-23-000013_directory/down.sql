DROP INDEX activities_directory_geo_idx;
DROP INDEX groups_postcode_area_idx;
ALTER TABLE groups DROP COLUMN postcode_area;
DROP TABLE postcode_areas;
