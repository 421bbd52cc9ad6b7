-- An optional attachment per queued email (a calendar invitation for shift
-- emails): file name, full MIME type with parameters, and the text itself.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment_body TEXT;
