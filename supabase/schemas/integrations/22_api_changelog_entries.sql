-- The API changelog (issue 18 §6): what changed in the integration API, newest first, in English
-- and Arabic, shown in the developer portal. Signed-in users read published entries (published_on
-- reached, not retracted); HQ with settings.read reads every entry. Entries are written through
-- public.save_api_changelog_entry / public.retract_api_changelog_entry (settings.write, audited):
-- history is never deleted, a wrong entry is retracted (flagged) instead.
create table public.api_changelog_entries (
  id uuid primary key default gen_random_uuid(),
  published_on date not null,
  version text not null check (version ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$'),
  kind text not null check (kind in ('added', 'changed', 'deprecated', 'removed')),
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  body jsonb not null check (jsonb_typeof(body) = 'object'),
  retracted_at timestamptz,
  retracted_by uuid,
  retract_reason text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_by uuid,
  updated_at timestamptz not null default now(),
  check ((retracted_at is null) = (retract_reason is null))
);

create index api_changelog_entries_published_on on public.api_changelog_entries (published_on desc);

alter table public.api_changelog_entries enable row level security;
create policy "signed-in users read published entries" on public.api_changelog_entries
  for select to authenticated using (retracted_at is null and published_on <= (select private.now())::date);
create policy "HQ: settings readers read every entry" on public.api_changelog_entries
  for select to hq_staff using ((select private.has_permission('settings.read')));
revoke all on table public.api_changelog_entries from public, anon, authenticated, service_role;
grant select on table public.api_changelog_entries to authenticated;
grant all on table public.api_changelog_entries to service_role;

comment on table public.api_changelog_entries is 'The integration API''s changelog (developer portal): dated, versioned entries in en/ar. Written by public.save_api_changelog_entry; never deleted, retracted by public.retract_api_changelog_entry.';
comment on column public.api_changelog_entries.id is 'The entry.';
comment on column public.api_changelog_entries.published_on is 'The day the change reached the API; readers see the entry from that day.';
comment on column public.api_changelog_entries.version is 'Version or label of the change, e.g. 2026-12.1 (letters, digits, . _ -; up to 40).';
comment on column public.api_changelog_entries.kind is 'added, changed, deprecated or removed.';
comment on column public.api_changelog_entries.title is 'Title by language {"en", "ar"}.';
comment on column public.api_changelog_entries.body is 'What changed and what an integrator does about it, by language {"en", "ar"}.';
comment on column public.api_changelog_entries.retracted_at is 'When the entry was retracted (hidden from readers, kept for history); null while it stands.';
comment on column public.api_changelog_entries.retracted_by is 'The staff member who retracted it.';
comment on column public.api_changelog_entries.retract_reason is 'Why it was retracted.';
comment on column public.api_changelog_entries.created_by is 'The staff member who wrote it (null for the reference entries).';
comment on column public.api_changelog_entries.created_at is 'When it was written.';
comment on column public.api_changelog_entries.updated_by is 'The staff member who last changed it.';
comment on column public.api_changelog_entries.updated_at is 'When it was last changed.';

-- The API's real changes so far (reference rows: supabase/schemas/reference_data.txt).
insert into public.api_changelog_entries (id, published_on, version, kind, title, body, created_at, updated_at) values
  ('6c1a0e52-18a1-4c8e-9f10-000000000001', '2026-12-01', '2026-12.1', 'added',
   '{"en": "Event catalogue", "ar": "كتالوج الأحداث"}',
   '{"en": "Every event type (tenant.*, subscription.*, invoice.*, payment.*, order.*, catalog.release.published) is listed with its version, a JSON Schema for its payload, a description and a sample. Events are written in the same transaction as the change that causes them.", "ar": "كل نوع حدث (tenant.* و subscription.* و invoice.* و payment.* و order.* و catalog.release.published) مدرج مع إصداره ومخطط JSON لحمولته ووصف ومثال. تُكتب الأحداث في نفس المعاملة التي تُحدث التغيير."}',
   '2026-12-01 00:00:00+00', '2026-12-01 00:00:00+00'),
  ('6c1a0e52-18a1-4c8e-9f10-000000000002', '2026-12-01', '2026-12.1', 'added',
   '{"en": "Signed outgoing webhooks", "ar": "خطافات ويب صادرة موقّعة"}',
   '{"en": "Endpoints receive events signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature v1 HMAC-SHA256 with a whsec_ secret), retried with backoff for about three days; a rotated secret sends both signatures during its overlap.", "ar": "تستقبل نقاط الاستقبال أحداثاً موقّعة وفق معيار Standard Webhooks (webhook-id و webhook-timestamp و webhook-signature بتوقيع v1 HMAC-SHA256 وسر whsec_)، مع إعادة المحاولة لنحو ثلاثة أيام؛ وعند تدوير السر يُرسل التوقيعان معاً خلال فترة التداخل."}',
   '2026-12-01 00:00:00+00', '2026-12-01 00:00:00+00'),
  ('6c1a0e52-18a1-4c8e-9f10-000000000003', '2026-12-03', '2026-12.2', 'added',
   '{"en": "API keys with scopes", "ar": "مفاتيح واجهة برمجية بصلاحيات"}',
   '{"en": "Integrations call the API with a cmx_live_ key: shown once, stored hashed, scoped read/write per resource (events, orders, invoices, webhooks), tied to one tenant, with an expiry and a rate limit per minute.", "ar": "تستدعي التكاملات الواجهة بمفتاح cmx_live_: يُعرض مرة واحدة ويُخزن مجزّأً، بصلاحيات قراءة/كتابة لكل مورد (events و orders و invoices و webhooks)، مرتبط بمستأجر واحد، مع تاريخ انتهاء وحد معدل في الدقيقة."}',
   '2026-12-03 00:00:00+00', '2026-12-03 00:00:00+00'),
  ('6c1a0e52-18a1-4c8e-9f10-000000000004', '2026-12-05', '2026-12.3', 'changed',
   '{"en": "Key rotation keeps the old key for a grace period", "ar": "تدوير المفتاح يُبقي المفتاح القديم لفترة سماح"}',
   '{"en": "rotate_api_key answers a new key and keeps the old one working for overlap_minutes (24 hours by default, up to 7 days) so a client can be redeployed; then the old key answers integrations.key_expired.", "ar": "تعيد rotate_api_key مفتاحاً جديداً وتُبقي القديم صالحاً لمدة overlap_minutes (24 ساعة افتراضياً وحتى 7 أيام) ليُعاد نشر العميل؛ بعدها يجيب المفتاح القديم بالرمز integrations.key_expired."}',
   '2026-12-05 00:00:00+00', '2026-12-05 00:00:00+00'),
  ('6c1a0e52-18a1-4c8e-9f10-000000000005', '2026-12-06', '2026-12.4', 'added',
   '{"en": "Sandbox tenants and cmx_test_ keys", "ar": "مستأجرون تجريبيون ومفاتيح cmx_test_"}',
   '{"en": "Build against a sandbox tenant with generated sample orders and customers, never billed and left out of analytics; it takes cmx_test_ keys only, and live keys are refused on it.", "ar": "ابنِ تكاملك على مستأجر تجريبي فيه طلبات وعملاء نموذجيون، لا تصدر له فواتير ولا يدخل في التحليلات؛ يقبل مفاتيح cmx_test_ فقط وتُرفض عليه المفاتيح الحية."}',
   '2026-12-06 00:00:00+00', '2026-12-06 00:00:00+00');
