CREATE TABLE public.coupons (
    id uuid DEFAULT extensions.gen_random_uuid() NOT NULL,
    code text NOT NULL,
    name jsonb NOT NULL,
    kind text NOT NULL,
    percent_off numeric(5,2),
    amount_off numeric(14,3),
    currency text,
    duration text NOT NULL,
    duration_periods integer,
    expires_at timestamp with time zone,
    max_redemptions integer,
    times_redeemed integer DEFAULT 0 NOT NULL,
    plan_codes text[],
    status text DEFAULT 'active'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT coupons_amount_off_check CHECK ((amount_off > (0)::numeric)),
    CONSTRAINT coupons_check CHECK ((((kind = 'percent'::text) = (percent_off IS NOT NULL)) AND ((kind = 'fixed'::text) = ((amount_off IS NOT NULL) AND (currency IS NOT NULL))))),
    CONSTRAINT coupons_check1 CHECK (((duration = 'repeating'::text) = (duration_periods IS NOT NULL))),
    CONSTRAINT coupons_check2 CHECK (((max_redemptions IS NULL) OR (times_redeemed <= max_redemptions))),
    CONSTRAINT coupons_code_check CHECK ((code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'::text)),
    CONSTRAINT coupons_duration_check CHECK ((duration = ANY (ARRAY['once'::text, 'repeating'::text, 'forever'::text]))),
    CONSTRAINT coupons_duration_periods_check CHECK (((duration_periods >= 1) AND (duration_periods <= 120))),
    CONSTRAINT coupons_kind_check CHECK ((kind = ANY (ARRAY['percent'::text, 'fixed'::text]))),
    CONSTRAINT coupons_max_redemptions_check CHECK ((max_redemptions >= 1)),
    CONSTRAINT coupons_name_check CHECK (((jsonb_typeof(name) = 'object'::text) AND (COALESCE(TRIM(BOTH FROM (name ->> 'en'::text)), ''::text) <> ''::text))),
    CONSTRAINT coupons_percent_off_check CHECK (((percent_off > (0)::numeric) AND (percent_off <= (100)::numeric))),
    CONSTRAINT coupons_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text]))),
    CONSTRAINT coupons_times_redeemed_check CHECK ((times_redeemed >= 0))
);

COMMENT ON TABLE public.coupons IS 'Discount codes HQ offers: percent or fixed amount, for one, several or every billing period. Created and archived by billing.write staff (public.create_coupon, public.archive_coupon); read by billing.read staff.';
COMMENT ON COLUMN public.coupons.id IS 'Identifier of the coupon.';
COMMENT ON COLUMN public.coupons.code IS 'The code customers enter: 3-40 upper-case letters, digits, _ or -; unique.';
COMMENT ON COLUMN public.coupons.name IS 'Display name by language: {"en": …, "ar": …}; English required.';
COMMENT ON COLUMN public.coupons.kind IS 'percent (percent_off set) or fixed (amount_off and currency set).';
COMMENT ON COLUMN public.coupons.percent_off IS 'Percentage taken off a subscription invoice''s subtotal, above 0 and at most 100; percent coupons only.';
COMMENT ON COLUMN public.coupons.amount_off IS 'Amount taken off per invoice in currency (major units), above 0; fixed coupons only.';
COMMENT ON COLUMN public.coupons.currency IS 'Currency of amount_off (fixed coupons only); applies only to subscriptions in that currency.';
COMMENT ON COLUMN public.coupons.duration IS 'once (first invoice), repeating (duration_periods invoices) or forever.';
COMMENT ON COLUMN public.coupons.duration_periods IS 'Number of invoices (1-120) a repeating coupon discounts; null otherwise.';
COMMENT ON COLUMN public.coupons.expires_at IS 'After this instant the coupon can no longer be redeemed (existing redemptions continue); null: no end.';
COMMENT ON COLUMN public.coupons.max_redemptions IS 'How many subscriptions may redeem it (at least 1); null: unlimited.';
COMMENT ON COLUMN public.coupons.times_redeemed IS 'Redemptions so far; never above max_redemptions.';
COMMENT ON COLUMN public.coupons.plan_codes IS 'Plan codes the coupon is restricted to; null: any plan.';
COMMENT ON COLUMN public.coupons.status IS 'active (redeemable) or archived (no new redemptions).';
COMMENT ON COLUMN public.coupons.created_by IS 'Staff user who created the coupon (null once that account is deleted).';
COMMENT ON COLUMN public.coupons.created_at IS 'When the coupon was created.';

ALTER TABLE ONLY public.coupons
    ADD CONSTRAINT coupons_code_key UNIQUE (code);

ALTER TABLE ONLY public.coupons
    ADD CONSTRAINT coupons_pkey PRIMARY KEY (id);

CREATE INDEX coupons_created_by_idx ON public.coupons USING btree (created_by);

ALTER TABLE ONLY public.coupons
    ADD CONSTRAINT coupons_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.coupons
    ADD CONSTRAINT coupons_currency_fkey FOREIGN KEY (currency) REFERENCES public.currencies(code);

-- Covers the foreign key on currency (referential checks on the referenced row's update or delete).
CREATE INDEX coupons_currency_idx ON public.coupons USING btree (currency);

ALTER TABLE public.coupons ENABLE ROW LEVEL SECURITY;

create policy "billing staff read coupons" on public.coupons for select to hq_staff
  using (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.coupons FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.coupons TO authenticated;
GRANT ALL ON TABLE public.coupons TO service_role;
