-- The `storage` schema a Supabase project has (Supabase Storage creates it): buckets and objects
-- with Storage's columns, RLS on both (policies decide who reads and writes files), and the path
-- helpers policies use (`storage.foldername(name)`, `storage.filename`, `storage.extension`).
-- devstack's /storage/v1 keeps the file bytes under the devstack directory and these rows here.
-- Written from Storage's documented schema; idempotent (bootstrap may run again).
do $$
begin
  if not exists (select from pg_roles where rolname = 'supabase_storage_admin') then
    create role supabase_storage_admin nologin noinherit createrole bypassrls;
  end if;
end
$$;

create schema if not exists storage;
grant usage on schema storage to postgres, anon, authenticated, service_role;

create table if not exists storage.buckets (
  id text primary key,
  name text not null,
  owner uuid,                       -- deprecated by Storage in favour of owner_id
  owner_id text,
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,           -- bytes; null means the server-wide limit
  allowed_mime_types text[],        -- null means any; entries may end in /* (image/*)
  type text not null default 'STANDARD',
  created_at timestamptz default now(),
  updated_at timestamptz default now()
);
create unique index if not exists bname on storage.buckets (name);

create table if not exists storage.objects (
  id uuid primary key default gen_random_uuid(),
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,                       -- deprecated by Storage in favour of owner_id
  owner_id text,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  user_metadata jsonb
);
create unique index if not exists bucketid_objname on storage.objects (bucket_id, name);
create index if not exists name_prefix_search on storage.objects (name text_pattern_ops);

alter table storage.buckets enable row level security;
alter table storage.objects enable row level security;

grant all on storage.buckets, storage.objects to postgres, anon, authenticated, service_role;
alter default privileges in schema storage grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema storage grant all on functions to postgres, anon, authenticated, service_role;

-- Folder parts of an object name: 'u1/docs/a.pdf' -> {u1,docs}.
create or replace function storage.foldername(name text) returns text[]
language sql immutable
as $$
  select (string_to_array(name, '/'))[1:cardinality(string_to_array(name, '/')) - 1]
$$;

-- Last part of an object name: 'u1/docs/a.pdf' -> 'a.pdf'.
create or replace function storage.filename(name text) returns text
language sql immutable
as $$
  select (string_to_array(name, '/'))[cardinality(string_to_array(name, '/'))]
$$;

-- What follows the file name's last dot: 'u1/a.tar.gz' -> 'gz' (the whole name when it has no dot, as Storage answers).
create or replace function storage.extension(name text) returns text
language sql immutable
as $$
  select reverse(split_part(reverse(storage.filename(name)), '.', 1))
$$;

-- Keeps updated_at current on every update, as Storage's trigger does.
create or replace function storage.update_updated_at_column() returns trigger
language plpgsql
as $$
begin
  new.updated_at = now();
  return new;
end
$$;

drop trigger if exists update_objects_updated_at on storage.objects;
create trigger update_objects_updated_at before update on storage.objects
  for each row execute function storage.update_updated_at_column();

grant execute on function storage.foldername(text), storage.filename(text), storage.extension(text)
  to postgres, anon, authenticated, service_role;
