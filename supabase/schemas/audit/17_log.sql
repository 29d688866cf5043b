CREATE TABLE audit.log (
    id bigint NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    actor_id uuid,
    actor_role text NOT NULL,
    impersonation_id uuid,
    tenant_id uuid,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    reason text,
    before jsonb,
    after jsonb,
    diff jsonb,
    trace_id text,
    ip text,
    user_agent text,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    seq bigint NOT NULL,
    hash_version smallint DEFAULT 1 NOT NULL,
    CONSTRAINT log_action_check CHECK ((action ~ '^[a-z_]+(\.[a-z_]+)+$'::text)),
    CONSTRAINT log_hash_version_check CHECK ((hash_version = ANY (ARRAY[1, 2])))
);

ALTER TABLE audit.log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME audit.log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY audit.log
    ADD CONSTRAINT log_pkey PRIMARY KEY (id);

CREATE INDEX log_action_idx ON audit.log USING btree (action, id DESC);

CREATE INDEX log_actor_idx ON audit.log USING btree (actor_id, id DESC);

CREATE INDEX log_entity_idx ON audit.log USING btree (entity_type, entity_id, id DESC);

CREATE INDEX log_occurred_at_idx ON audit.log USING btree (occurred_at DESC);

CREATE UNIQUE INDEX log_seq_idx ON audit.log USING btree (seq);

CREATE INDEX log_tenant_idx ON audit.log USING btree (tenant_id, id DESC);

CREATE TRIGGER log_no_truncate BEFORE TRUNCATE ON audit.log FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

CREATE TRIGGER log_no_update_delete BEFORE DELETE OR UPDATE ON audit.log FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

ALTER TABLE audit.log ENABLE ROW LEVEL SECURITY;

create policy "audit.read sees the log" on audit.log for select to hq_staff
  using (( SELECT private.has_permission('audit.read'::text) AS has_permission));

REVOKE ALL ON TABLE audit.log FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE audit.log TO authenticated;

COMMENT ON COLUMN audit.log.seq IS 'Position in the hash chain: 1, 2, 3 … without gaps (ids can have gaps).';

COMMENT ON COLUMN audit.log.hash_version IS '1: hash without diff (rows before 2026-12-06); 2: hash over every shown column, seq and version.';
