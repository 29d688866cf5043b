CREATE TABLE public.coupon_redemptions (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    coupon_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    redeemed_at timestamp with time zone DEFAULT now() NOT NULL,
    periods_applied integer DEFAULT 0 NOT NULL,
    ended_at timestamp with time zone
);

COMMENT ON TABLE public.coupon_redemptions IS 'A coupon applied to a subscription (once per coupon and subscription), with how many billing periods it has discounted so far. Written by public.apply_coupon and invoicing.';
COMMENT ON COLUMN public.coupon_redemptions.id IS 'Identifier of the redemption.';
COMMENT ON COLUMN public.coupon_redemptions.coupon_id IS 'The coupon redeemed.';
COMMENT ON COLUMN public.coupon_redemptions.subscription_id IS 'The subscription it discounts.';
COMMENT ON COLUMN public.coupon_redemptions.tenant_id IS 'The subscription''s tenant (copied for row-level security and per-tenant listing).';
COMMENT ON COLUMN public.coupon_redemptions.redeemed_at IS 'When the coupon was applied.';
COMMENT ON COLUMN public.coupon_redemptions.periods_applied IS 'Invoices (billing periods) the coupon has discounted so far; a repeating coupon ends after duration_periods.';
COMMENT ON COLUMN public.coupon_redemptions.ended_at IS 'When the discount stopped (periods used up or subscription cancelled); null while it still applies.';

ALTER TABLE ONLY public.coupon_redemptions
    ADD CONSTRAINT coupon_redemptions_coupon_id_subscription_id_key UNIQUE (coupon_id, subscription_id);

ALTER TABLE ONLY public.coupon_redemptions
    ADD CONSTRAINT coupon_redemptions_pkey PRIMARY KEY (id);

CREATE INDEX coupon_redemptions_coupon_idx ON public.coupon_redemptions USING btree (coupon_id);

CREATE INDEX coupon_redemptions_subscription_idx ON public.coupon_redemptions USING btree (subscription_id);

-- A tenant's rows newest first: the tenant filter and the list's sort meet in one index (no sort step).
CREATE INDEX coupon_redemptions_tenant_idx ON public.coupon_redemptions USING btree (tenant_id, redeemed_at DESC);

ALTER TABLE ONLY public.coupon_redemptions
    ADD CONSTRAINT coupon_redemptions_coupon_id_fkey FOREIGN KEY (coupon_id) REFERENCES public.coupons(id);

ALTER TABLE ONLY public.coupon_redemptions
    ADD CONSTRAINT coupon_redemptions_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.coupon_redemptions
    ADD CONSTRAINT coupon_redemptions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;

ALTER TABLE public.coupon_redemptions ENABLE ROW LEVEL SECURITY;

create policy "redemption readers" on public.coupon_redemptions for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: redemption readers" on public.coupon_redemptions for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission) or tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)));

REVOKE ALL ON TABLE public.coupon_redemptions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.coupon_redemptions TO authenticated;
GRANT ALL ON TABLE public.coupon_redemptions TO service_role;
