CREATE TABLE public.limit_breaches (
    id bigint NOT NULL,
    tenant_id uuid NOT NULL,
    feature_key text NOT NULL,
    period_start date NOT NULL,
    outcome text NOT NULL,
    limit_type text NOT NULL,
    limit_value numeric NOT NULL,
    used_before numeric NOT NULL,
    requested numeric NOT NULL,
    overage_units numeric DEFAULT 0 NOT NULL,
    unit_price numeric(14,3),
    amount numeric(14,3),
    currency text,
    billed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT limit_breaches_outcome_check CHECK ((outcome = ANY (ARRAY['warn'::text, 'overage'::text, 'blocked'::text])))
);

COMMENT ON TABLE public.limit_breaches IS 'Every time a tenant''s usage went past a limit: warned (soft), billed as overage, or blocked (hard); overage rows are billed on the next invoice. Written by the usage counting functions.';
COMMENT ON COLUMN public.limit_breaches.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.limit_breaches.tenant_id IS 'The tenant.';
COMMENT ON COLUMN public.limit_breaches.feature_key IS 'The limit feature breached.';
COMMENT ON COLUMN public.limit_breaches.period_start IS 'First day of the usage period (month) the breach counts in.';
COMMENT ON COLUMN public.limit_breaches.outcome IS 'warn (soft limit: allowed), overage (allowed and billed) or blocked (hard limit: refused).';
COMMENT ON COLUMN public.limit_breaches.limit_type IS 'The limit type in force: hard, soft or overage.';
COMMENT ON COLUMN public.limit_breaches.limit_value IS 'The limit in force.';
COMMENT ON COLUMN public.limit_breaches.used_before IS 'Usage before the request.';
COMMENT ON COLUMN public.limit_breaches.requested IS 'Units the request asked for.';
COMMENT ON COLUMN public.limit_breaches.overage_units IS 'Units beyond the limit billed as overage (0 unless outcome is overage).';
COMMENT ON COLUMN public.limit_breaches.unit_price IS 'Overage price per unit (major units of currency), from the plan''s overage prices.';
COMMENT ON COLUMN public.limit_breaches.amount IS 'overage_units × unit_price.';
COMMENT ON COLUMN public.limit_breaches.currency IS 'Currency of unit_price and amount.';
COMMENT ON COLUMN public.limit_breaches.billed_at IS 'When the overage was put on an invoice; null: not billed yet.';
COMMENT ON COLUMN public.limit_breaches.created_at IS 'When the breach happened.';

ALTER TABLE public.limit_breaches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.limit_breaches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.limit_breaches
    ADD CONSTRAINT limit_breaches_pkey PRIMARY KEY (id);

CREATE INDEX limit_breaches_feature_idx ON public.limit_breaches USING btree (feature_key);

CREATE INDEX limit_breaches_tenant_idx ON public.limit_breaches USING btree (tenant_id, created_at DESC);

CREATE INDEX limit_breaches_unbilled_idx ON public.limit_breaches USING btree (tenant_id) WHERE ((outcome = 'overage'::text) AND (billed_at IS NULL));

ALTER TABLE ONLY public.limit_breaches
    ADD CONSTRAINT limit_breaches_feature_key_fkey FOREIGN KEY (feature_key) REFERENCES public.features(key);

ALTER TABLE ONLY public.limit_breaches
    ADD CONSTRAINT limit_breaches_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.limit_breaches ENABLE ROW LEVEL SECURITY;

create policy "breach readers" on public.limit_breaches for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: breach readers" on public.limit_breaches for select to hq_staff
  using (( SELECT private.has_permission('plans.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.limit_breaches FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.limit_breaches TO authenticated;
GRANT ALL ON TABLE public.limit_breaches TO service_role;

REVOKE ALL ON SEQUENCE public.limit_breaches_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.limit_breaches_id_seq TO anon;
GRANT ALL ON SEQUENCE public.limit_breaches_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.limit_breaches_id_seq TO service_role;
