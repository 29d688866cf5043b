CREATE TABLE public.mrr_movements (
    id bigint NOT NULL,
    subscription_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    currency text NOT NULL,
    kind text NOT NULL,
    mrr_before numeric(14,3) NOT NULL,
    mrr_after numeric(14,3) NOT NULL,
    at timestamp with time zone NOT NULL,
    CONSTRAINT mrr_movements_kind_check CHECK ((kind = ANY (ARRAY['new'::text, 'expansion'::text, 'contraction'::text, 'churn'::text, 'reactivation'::text])))
);

COMMENT ON TABLE public.mrr_movements IS 'Monthly recurring revenue changes per subscription (new, expansion, contraction, churn, reactivation), append-only; the MRR reports add them up.';
COMMENT ON COLUMN public.mrr_movements.id IS 'Sequential identifier.';
COMMENT ON COLUMN public.mrr_movements.subscription_id IS 'The subscription whose MRR changed.';
COMMENT ON COLUMN public.mrr_movements.tenant_id IS 'Its tenant.';
COMMENT ON COLUMN public.mrr_movements.currency IS 'Currency of the amounts (the subscription''s).';
COMMENT ON COLUMN public.mrr_movements.kind IS 'new, expansion, contraction, churn or reactivation.';
COMMENT ON COLUMN public.mrr_movements.mrr_before IS 'MRR before the change (yearly prices divided by 12), major units.';
COMMENT ON COLUMN public.mrr_movements.mrr_after IS 'MRR after the change.';
COMMENT ON COLUMN public.mrr_movements.at IS 'When the change took effect.';

ALTER TABLE public.mrr_movements ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.mrr_movements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE ONLY public.mrr_movements
    ADD CONSTRAINT mrr_movements_pkey PRIMARY KEY (id);

CREATE INDEX mrr_movements_at_idx ON public.mrr_movements USING btree (at);

CREATE INDEX mrr_movements_subscription_idx ON public.mrr_movements USING btree (subscription_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX mrr_movements_tenant_idx ON public.mrr_movements USING btree (tenant_id, at DESC);

ALTER TABLE ONLY public.mrr_movements
    ADD CONSTRAINT mrr_movements_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

ALTER TABLE ONLY public.mrr_movements
    ADD CONSTRAINT mrr_movements_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.mrr_movements
    ADD CONSTRAINT mrr_movements_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX mrr_movements_currency_idx ON public.mrr_movements USING btree (currency);

ALTER TABLE public.mrr_movements ENABLE ROW LEVEL SECURITY;

create policy "billing staff read MRR movements" on public.mrr_movements for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.mrr_movements FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.mrr_movements TO authenticated;
GRANT ALL ON TABLE public.mrr_movements TO service_role;

REVOKE ALL ON SEQUENCE public.mrr_movements_id_seq FROM PUBLIC, anon, authenticated, service_role;
GRANT ALL ON SEQUENCE public.mrr_movements_id_seq TO anon;
GRANT ALL ON SEQUENCE public.mrr_movements_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.mrr_movements_id_seq TO service_role;
