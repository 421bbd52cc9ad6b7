//! Reading a group's existing calendar file into draft activities.
