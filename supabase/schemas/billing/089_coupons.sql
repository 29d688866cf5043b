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

CREATE POLICY "billing staff read coupons" ON public.coupons FOR SELECT TO authenticated USING (( SELECT private.has_permission('billing.read'::text) AS has_permission));

REVOKE ALL ON TABLE public.coupons FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT,REFERENCES,TRIGGER ON TABLE public.coupons TO authenticated;
GRANT ALL ON TABLE public.coupons TO service_role;
