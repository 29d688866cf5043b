CREATE TABLE private.auth_lockouts (
    user_id uuid NOT NULL,
    locked_until timestamp with time zone NOT NULL,
    reason text NOT NULL
);

ALTER TABLE ONLY private.auth_lockouts
    ADD CONSTRAINT auth_lockouts_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY private.auth_lockouts
    ADD CONSTRAINT auth_lockouts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE private.auth_lockouts ENABLE ROW LEVEL SECURITY;

COMMENT ON TABLE private.auth_lockouts IS 'unused since 20261206010100 (locks live in private.auth_throttle)';
