DROP INDEX check_ins_open_idx;
