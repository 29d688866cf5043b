-- Customer satisfaction: one rating (1–5) per solved ticket, given by the tenant's users.
create table public.support_csat (
  ticket_id bigint primary key references public.support_tickets (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  group_id bigint references public.support_groups (id) on delete set null,
  assignee_id uuid,
  rating smallint not null check (rating between 1 and 5),
  comment text check (length(comment) <= 2000),
  rated_by uuid,
  rated_at timestamptz not null default now(),
  answers smallint not null default 1 check (answers >= 1)
);
create index support_csat_tenant_id_idx on public.support_csat (tenant_id);
create index support_csat_group_id_idx on public.support_csat (group_id);
create index support_csat_rated_at_idx on public.support_csat (rated_at);

alter table public.support_csat enable row level security;
create policy "tenant users see their ratings, support readers all" on public.support_csat for select to authenticated
  using ((tenant_id = any (array(select private.my_tenant_ids())) and tenant_id = any (private.my_tenant_ids_array())));

create policy "HQ: tenant users see their ratings, support readers all" on public.support_csat for select to hq_staff
  using ((select private.has_permission('support.read')) or tenant_id = any (array(select private.impersonated_tenant_ids(false))));
revoke all on table public.support_csat from public, anon, authenticated, service_role;
grant select on table public.support_csat to authenticated;
grant all on table public.support_csat to service_role;

comment on table public.support_csat is 'Customer satisfaction ratings of solved tickets (one per ticket), with the group and agent at the time.';
comment on column public.support_csat.ticket_id is 'The rated ticket.';
comment on column public.support_csat.tenant_id is 'Its tenant.';
comment on column public.support_csat.group_id is 'The ticket''s group when it was rated.';
comment on column public.support_csat.assignee_id is 'The ticket''s assignee when it was rated.';
comment on column public.support_csat.rating is '1 (very unhappy) to 5 (very happy).';
comment on column public.support_csat.comment is 'Optional comment (at most 2000 characters).';
comment on column public.support_csat.rated_by is 'The tenant user who rated it.';
comment on column public.support_csat.rated_at is 'When (the latest answer).';
comment on column public.support_csat.answers is 'How many times it was answered: 1, more when changed through the survey link (at most support_limit(''survey_answers'')).';
