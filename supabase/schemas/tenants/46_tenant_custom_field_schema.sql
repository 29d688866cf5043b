CREATE TABLE public.tenant_custom_field_schema (
    id boolean DEFAULT true NOT NULL,
    schema jsonb DEFAULT '{"type": "object", "properties": {}, "additionalProperties": true}'::jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenant_custom_field_schema_id_check CHECK (id)
);

COMMENT ON TABLE public.tenant_custom_field_schema IS 'The JSON Schema that tenants.custom_fields must satisfy (one row); edited by HQ, readable by every signed-in user.';
COMMENT ON COLUMN public.tenant_custom_field_schema.id IS 'Always true: the table holds exactly one row.';
COMMENT ON COLUMN public.tenant_custom_field_schema.schema IS 'The JSON Schema document.';
COMMENT ON COLUMN public.tenant_custom_field_schema.updated_at IS 'When it last changed.';

ALTER TABLE ONLY public.tenant_custom_field_schema
    ADD CONSTRAINT tenant_custom_field_schema_pkey PRIMARY KEY (id);

ALTER TABLE public.tenant_custom_field_schema ENABLE ROW LEVEL SECURITY;

CREATE POLICY "anyone signed in reads the custom field schema" ON public.tenant_custom_field_schema FOR SELECT TO authenticated USING (true);

REVOKE ALL ON TABLE public.tenant_custom_field_schema FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.tenant_custom_field_schema TO authenticated;
GRANT ALL ON TABLE public.tenant_custom_field_schema TO service_role;
