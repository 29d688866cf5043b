CREATE TABLE private.password_changes (
    user_id uuid NOT NULL,
    changed_at timestamp with time zone NOT NULL
);

ALTER TABLE ONLY private.password_changes
    ADD CONSTRAINT password_changes_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY private.password_changes
    ADD CONSTRAINT password_changes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE private.password_changes ENABLE ROW LEVEL SECURITY;
