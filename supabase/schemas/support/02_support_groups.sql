-- Support groups (a queue worked by some staff) and who is in them; tickets are assigned
-- round-robin within a group, starting after the member who got the last one.
create table public.support_groups (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name jsonb not null check (jsonb_typeof(name) = 'object' and coalesce(btrim(name ->> 'en'), '') <> ''),
  last_assignee_id uuid,
  created_at timestamptz not null default now()
);

alter table public.support_groups enable row level security;
create policy "support readers see the groups" on public.support_groups for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_groups from public, anon, authenticated, service_role;
grant select on table public.support_groups to authenticated;
grant all on table public.support_groups to service_role;

comment on table public.support_groups is 'Support groups: queues of tickets worked by their members, assigned round-robin.';
comment on column public.support_groups.id is 'Group id.';
comment on column public.support_groups.code is 'Stable code, e.g. billing.';
comment on column public.support_groups.name is 'Display name {"en","ar"}.';
comment on column public.support_groups.last_assignee_id is 'The member who got the last round-robin ticket: the next one goes to the member after.';
comment on column public.support_groups.created_at is 'When the group was made.';

create table public.support_group_members (
  group_id bigint not null references public.support_groups (id) on delete cascade,
  staff_id uuid not null references public.platform_staff (user_id) on delete cascade,
  added_at timestamptz not null default now(),
  primary key (group_id, staff_id)
);
create index support_group_members_staff_id_idx on public.support_group_members (staff_id);

alter table public.support_group_members enable row level security;
create policy "support readers see group members" on public.support_group_members for select to hq_staff
  using ((select private.has_permission('support.read')));
revoke all on table public.support_group_members from public, anon, authenticated, service_role;
grant select on table public.support_group_members to authenticated;
grant all on table public.support_group_members to service_role;

comment on table public.support_group_members is 'Which staff work which support group.';
comment on column public.support_group_members.group_id is 'The group.';
comment on column public.support_group_members.staff_id is 'The staff member (platform_staff.user_id).';
comment on column public.support_group_members.added_at is 'When they joined the group.';
