CREATE TABLE public.tenant_custom_field_schema (
    id boolean DEFAULT true NOT NULL,
    schema jsonb DEFAULT '{"type": "object", "properties": {}, "additionalProperties": true}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_custom_field_schema_id_check CHECK (id)
);

ALTER TABLE ONLY public.tenant_custom_field_schema
    ADD CONSTRAINT tenant_custom_field_schema_pkey PRIMARY KEY (id);

ALTER TABLE public.tenant_custom_field_schema ENABLE ROW LEVEL SECURITY;

CREATE POLICY "anyone signed in reads the custom field schema" ON public.tenant_custom_field_schema FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.tenant_custom_field_schema FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_custom_field_schema TO authenticated;
GRANT ALL ON TABLE public.tenant_custom_field_schema TO service_role;
