DROP TABLE check_in_events;
DROP TABLE check_ins;
DROP TABLE check_in_plans;
