-- Tenant-scoped policies in the index-friendly form: tenant_id = any (array(select …)) evaluates each
-- helper once per statement into an array the row check compares against (no hashed subplan per row),
-- and lets the planner use the (tenant_id, …) indexes. Who sees what is unchanged (issue 15 §4).
-- Indexes covering every foreign key that no index led with (issue 15 §3).

DROP POLICY "billing profile readers" ON public.billing_profiles;
CREATE POLICY "billing profile readers" ON public.billing_profiles FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "subscription readers" ON public.subscriptions;
CREATE POLICY "subscription readers" ON public.subscriptions FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "redemption readers" ON public.coupon_redemptions;
CREATE POLICY "redemption readers" ON public.coupon_redemptions FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "invoice readers" ON public.invoices;
CREATE POLICY "invoice readers" ON public.invoices FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "payment readers" ON public.payments;
CREATE POLICY "payment readers" ON public.payments FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "payment method readers" ON public.payment_methods;
CREATE POLICY "payment method readers" ON public.payment_methods FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "credit note readers" ON public.credit_notes;
CREATE POLICY "credit note readers" ON public.credit_notes FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "refund readers" ON public.refunds;
CREATE POLICY "refund readers" ON public.refunds FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "balance readers" ON public.customer_balance_transactions;
CREATE POLICY "balance readers" ON public.customer_balance_transactions FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "invoice line readers" ON public.invoice_lines;
CREATE POLICY "invoice line readers" ON public.invoice_lines FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "subscription add-on readers" ON public.subscription_add_ons;
CREATE POLICY "subscription add-on readers" ON public.subscription_add_ons FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('billing.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "health follows tenant visibility" ON public.tenant_health;
CREATE POLICY "health follows tenant visibility" ON public.tenant_health FOR SELECT TO authenticated USING ((( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "orders: members and impersonators read" ON public.orders;
CREATE POLICY "orders: members and impersonators read" ON public.orders FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "orders: operators and up write" ON public.orders;
CREATE POLICY "orders: operators and up write" ON public.orders FOR UPDATE TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids))))) WITH CHECK (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text, 'operator'::text]) AS my_tenant_ids_with_role))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)))));

DROP POLICY "order payments: members and impersonators read" ON public.order_payments;
CREATE POLICY "order payments: members and impersonators read" ON public.order_payments FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "order transitions: members and impersonators read" ON public.order_transitions;
CREATE POLICY "order transitions: members and impersonators read" ON public.order_transitions FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "override readers" ON public.entitlement_overrides;
CREATE POLICY "override readers" ON public.entitlement_overrides FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "breach readers" ON public.limit_breaches;
CREATE POLICY "breach readers" ON public.limit_breaches FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "plan change readers" ON public.plan_changes;
CREATE POLICY "plan change readers" ON public.plan_changes FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant add-on readers" ON public.tenant_add_ons;
CREATE POLICY "tenant add-on readers" ON public.tenant_add_ons FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "entitlement readers" ON public.tenant_entitlements;
CREATE POLICY "entitlement readers" ON public.tenant_entitlements FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant plan readers" ON public.tenant_plans;
CREATE POLICY "tenant plan readers" ON public.tenant_plans FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "usage readers" ON public.usage_counters;
CREATE POLICY "usage readers" ON public.usage_counters FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('plans.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant settings readers" ON public.tenant_settings;
CREATE POLICY "tenant settings readers" ON public.tenant_settings FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant settings writers" ON public.tenant_settings;
CREATE POLICY "tenant settings writers" ON public.tenant_settings FOR UPDATE TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids))))) WITH CHECK (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text]) AS my_tenant_ids_with_role))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)))));

DROP POLICY "provisioning follows tenant visibility" ON public.tenant_provisioning;
CREATE POLICY "provisioning follows tenant visibility" ON public.tenant_provisioning FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant profile writers" ON public.tenants;
CREATE POLICY "tenant profile writers" ON public.tenants FOR UPDATE TO authenticated USING (((id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids))))) WITH CHECK (((id = ANY (ARRAY( SELECT private.my_tenant_ids_with_role(ARRAY['owner'::text, 'admin'::text]) AS my_tenant_ids_with_role))) OR ( SELECT private.has_permission('tenants.write'::text) AS has_permission) OR (id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(true) AS impersonated_tenant_ids)))));

DROP POLICY "tenants readable by staff, members and impersonators" ON public.tenants;
CREATE POLICY "tenants readable by staff, members and impersonators" ON public.tenants FOR SELECT TO authenticated USING (((id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "members see their tenant's members; staff see all" ON public.tenant_members;
CREATE POLICY "members see their tenant's members; staff see all" ON public.tenant_members FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "reminders follow tenant visibility" ON public.tenant_reminders;
CREATE POLICY "reminders follow tenant visibility" ON public.tenant_reminders FOR SELECT TO authenticated USING ((( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids)))));

DROP POLICY "status history follows tenant visibility" ON public.tenant_status_history;
CREATE POLICY "status history follows tenant visibility" ON public.tenant_status_history FOR SELECT TO authenticated USING (((tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR ( SELECT private.has_permission('tenants.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "overrides follow tenant visibility" ON public.tenant_workflow_overrides;
CREATE POLICY "overrides follow tenant visibility" ON public.tenant_workflow_overrides FOR SELECT TO authenticated USING ((( SELECT private.has_permission('workflows.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "tenant workflows follow tenant visibility" ON public.tenant_workflows;
CREATE POLICY "tenant workflows follow tenant visibility" ON public.tenant_workflows FOR SELECT TO authenticated USING ((( SELECT private.has_permission('workflows.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

DROP POLICY "stage aggregates: workflow staff and the tenant's users" ON public.workflow_stage_daily;
CREATE POLICY "stage aggregates: workflow staff and the tenant's users" ON public.workflow_stage_daily FOR SELECT TO authenticated USING ((( SELECT private.has_permission('workflows.read'::text) AS has_permission) OR (tenant_id = ANY (ARRAY( SELECT private.my_tenant_ids() AS my_tenant_ids))) OR (tenant_id = ANY (ARRAY( SELECT private.impersonated_tenant_ids(false) AS impersonated_tenant_ids)))));

CREATE INDEX subscriptions_currency_idx ON public.subscriptions USING btree (currency);
CREATE INDEX coupons_currency_idx ON public.coupons USING btree (currency);
CREATE INDEX invoices_currency_idx ON public.invoices USING btree (currency);
CREATE INDEX payments_currency_idx ON public.payments USING btree (currency);
CREATE INDEX payments_reported_currency_idx ON public.payments USING btree (reported_currency);
CREATE INDEX credit_notes_currency_idx ON public.credit_notes USING btree (currency);
CREATE INDEX refunds_currency_idx ON public.refunds USING btree (currency);
CREATE INDEX customer_balance_transactions_currency_idx ON public.customer_balance_transactions USING btree (currency);
CREATE INDEX mrr_movements_currency_idx ON public.mrr_movements USING btree (currency);
CREATE INDEX payment_events_currency_idx ON public.payment_events USING btree (currency);
CREATE INDEX tenants_default_locale_idx ON public.tenants USING btree (default_locale);
CREATE INDEX tenant_lifecycle_transitions_permission_idx ON public.tenant_lifecycle_transitions USING btree (permission);

-- Tenant indexes that also carry the lists' sort (newest first), replacing tenant-only ones.
DROP INDEX public.credit_notes_tenant_idx;
CREATE INDEX credit_notes_tenant_idx ON public.credit_notes USING btree (tenant_id, created_at DESC);
DROP INDEX public.refunds_tenant_idx;
CREATE INDEX refunds_tenant_idx ON public.refunds USING btree (tenant_id, created_at DESC);
DROP INDEX public.subscriptions_tenant_idx;
CREATE INDEX subscriptions_tenant_idx ON public.subscriptions USING btree (tenant_id, created_at DESC);
DROP INDEX public.dunning_cases_tenant_idx;
CREATE INDEX dunning_cases_tenant_idx ON public.dunning_cases USING btree (tenant_id, opened_at DESC);
DROP INDEX public.coupon_redemptions_tenant_idx;
CREATE INDEX coupon_redemptions_tenant_idx ON public.coupon_redemptions USING btree (tenant_id, redeemed_at DESC);
DROP INDEX public.mrr_movements_tenant_idx;
CREATE INDEX mrr_movements_tenant_idx ON public.mrr_movements USING btree (tenant_id, at DESC);
DROP INDEX public.dunning_events_tenant_idx;
CREATE INDEX dunning_events_tenant_idx ON public.dunning_events USING btree (tenant_id, id DESC);
