CREATE TABLE audit.checkpoints (
    id bigint NOT NULL,
    recorded_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    last_log_id bigint NOT NULL,
    head_hash bytea NOT NULL,
    head_seq bigint,
    kind text DEFAULT 'scheduled'::text NOT NULL,
    CONSTRAINT checkpoints_kind_check CHECK ((kind = ANY (ARRAY['scheduled'::text, 'verified'::text, 'published'::text, 'migration'::text])))
);

ALTER TABLE audit.checkpoints ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME audit.checkpoints_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY audit.checkpoints
    ADD CONSTRAINT checkpoints_pkey PRIMARY KEY (id);

CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON audit.checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

CREATE TRIGGER checkpoints_no_update_delete BEFORE DELETE OR UPDATE ON audit.checkpoints FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();

ALTER TABLE audit.checkpoints ENABLE ROW LEVEL SECURITY;

create policy "audit.read sees checkpoints" on audit.checkpoints for select to hq_staff
  using (( SELECT private.has_permission('audit.read'::text) AS has_permission));

REVOKE ALL ON TABLE audit.checkpoints FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE audit.checkpoints TO authenticated;

COMMENT ON COLUMN audit.checkpoints.kind IS 'scheduled: hourly head; verified: head after a successful verification (incremental runs start there); published: head sent to the external sink; migration: recorded by a schema change.';
