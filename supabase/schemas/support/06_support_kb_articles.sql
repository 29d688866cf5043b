-- Knowledge base: bilingual articles. The article row holds the PUBLISHED text (what tenants read and
-- search); edits go to support_kb_drafts (staff only) until published. Search vectors are stored per
-- language with PostgreSQL's english and arabic configurations (title weighted above body).
create table public.support_kb_articles (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$'),
  category text not null default 'general' check (category ~ '^[a-z][a-z0-9_]{1,39}$'),
  title jsonb,
  body jsonb,
  version integer not null default 0,
  published_at timestamptz,
  helpful integer not null default 0,
  not_helpful integer not null default 0,
  search_en tsvector generated always as (
    setweight(to_tsvector('english'::regconfig, coalesce(title ->> 'en', '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(body ->> 'en', '')), 'B')) stored,
  search_ar tsvector generated always as (
    setweight(to_tsvector('arabic'::regconfig, coalesce(title ->> 'ar', '')), 'A')
    || setweight(to_tsvector('arabic'::regconfig, coalesce(body ->> 'ar', '')), 'B')) stored,
  check ((published_at is null) = (title is null) and (title is null) = (body is null))
);
create index support_kb_articles_search_en_idx on public.support_kb_articles using gin (search_en);
create index support_kb_articles_search_ar_idx on public.support_kb_articles using gin (search_ar);

alter table public.support_kb_articles enable row level security;
create policy "signed-in users read published articles, support readers all" on public.support_kb_articles for select to authenticated
  using (published_at is not null);

create policy "HQ: support readers read every article" on public.support_kb_articles for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_kb_articles from public, anon, authenticated, service_role;
grant select on table public.support_kb_articles to authenticated;
grant all on table public.support_kb_articles to service_role;

comment on table public.support_kb_articles is 'Knowledge-base articles in Arabic and English: the published text, searchable in both languages.';
comment on column public.support_kb_articles.id is 'Article id.';
comment on column public.support_kb_articles.slug is 'Stable address, e.g. printer-blank-receipts.';
comment on column public.support_kb_articles.category is 'Category code, e.g. billing.';
comment on column public.support_kb_articles.title is 'Published title {"en","ar"} (null until first published).';
comment on column public.support_kb_articles.body is 'Published body {"en","ar"} (null until first published).';
comment on column public.support_kb_articles.version is 'Published version number (0: never published).';
comment on column public.support_kb_articles.published_at is 'When the current version was published.';
comment on column public.support_kb_articles.helpful is '"Was this helpful?" yes votes.';
comment on column public.support_kb_articles.not_helpful is '"Was this helpful?" no votes.';
comment on column public.support_kb_articles.search_en is 'English full-text vector (english configuration).';
comment on column public.support_kb_articles.search_ar is 'Arabic full-text vector (arabic configuration).';

create table public.support_kb_drafts (
  article_id bigint primary key references public.support_kb_articles (id) on delete cascade,
  title jsonb not null check (jsonb_typeof(title) = 'object'),
  body jsonb not null check (jsonb_typeof(body) = 'object'),
  updated_at timestamptz not null default now(),
  updated_by uuid
);

alter table public.support_kb_drafts enable row level security;
create policy "support readers see drafts" on public.support_kb_drafts for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_kb_drafts from public, anon, authenticated, service_role;
grant select on table public.support_kb_drafts to authenticated;
grant all on table public.support_kb_drafts to service_role;

comment on table public.support_kb_drafts is 'Unpublished edits of knowledge-base articles (staff only).';
comment on column public.support_kb_drafts.article_id is 'The article.';
comment on column public.support_kb_drafts.title is 'Draft title {"en","ar"}.';
comment on column public.support_kb_drafts.body is 'Draft body {"en","ar"}.';
comment on column public.support_kb_drafts.updated_at is 'Last edit.';
comment on column public.support_kb_drafts.updated_by is 'Who edited it last.';

-- Canned replies (macros), in both languages; applying one may also move the ticket's status.
create table public.support_macros (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  title jsonb not null check (jsonb_typeof(title) = 'object' and coalesce(btrim(title ->> 'en'), '') <> ''),
  body jsonb not null check (jsonb_typeof(body) = 'object' and coalesce(btrim(body ->> 'en'), '') <> '' and coalesce(btrim(body ->> 'ar'), '') <> ''),
  set_status text check (set_status in ('open', 'pending_customer', 'on_hold', 'solved')),
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

alter table public.support_macros enable row level security;
create policy "support readers see macros" on public.support_macros for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_macros from public, anon, authenticated, service_role;
grant select on table public.support_macros to authenticated;
grant all on table public.support_macros to service_role;

comment on table public.support_macros is 'Canned replies in Arabic and English; applying one posts the reply in the tenant''s language.';
comment on column public.support_macros.id is 'Macro id.';
comment on column public.support_macros.code is 'Stable code, e.g. ask_printer_model.';
comment on column public.support_macros.title is 'Name in the console {"en","ar"}.';
comment on column public.support_macros.body is 'Reply text {"en","ar"} (both required).';
comment on column public.support_macros.set_status is 'Status the ticket moves to after the reply (null: unchanged).';
comment on column public.support_macros.active is 'Offered in the console.';
comment on column public.support_macros.updated_at is 'Last change.';
