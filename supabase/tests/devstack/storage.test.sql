-- devstack's storage schema (devstack/sql/bootstrap/30_storage.sql): Supabase Storage's tables with
-- RLS on, the grants policies rely on, and the path helpers policies use.
begin;
select plan(12);

select has_table('storage', 'buckets', 'storage.buckets exists');
select has_table('storage', 'objects', 'storage.objects exists');
select ok((select relrowsecurity from pg_class where oid = 'storage.objects'::regclass), 'RLS is on for storage.objects');
select ok((select relrowsecurity from pg_class where oid = 'storage.buckets'::regclass), 'RLS is on for storage.buckets');
select ok(has_schema_privilege('authenticated', 'storage', 'usage') and has_table_privilege('authenticated', 'storage.objects', 'insert'),
          'authenticated may use storage.objects (policies decide which rows)');
select columns_are('storage', 'objects',
  array['id', 'bucket_id', 'name', 'owner', 'owner_id', 'created_at', 'updated_at', 'last_accessed_at', 'metadata', 'path_tokens', 'version', 'user_metadata'],
  'storage.objects has Storage''s columns');
select is(storage.foldername('u1/docs/a.pdf'), array['u1', 'docs'], 'foldername: the folders of a name');
select is(storage.foldername('a.pdf'), '{}'::text[], 'foldername: none at the top level');
select is(storage.filename('u1/docs/a.pdf'), 'a.pdf', 'filename: the last part');
select is(storage.extension('u1/a.tar.gz'), 'gz', 'extension: after the last dot');

-- A policy in Supabase's documented form works: a user sees only their own folder.
insert into storage.buckets (id, name) values ('pgtap-docs', 'pgtap-docs');
insert into storage.objects (bucket_id, name) values
  ('pgtap-docs', '00000000-0000-0000-0000-00000000000a/a.txt'), ('pgtap-docs', '00000000-0000-0000-0000-00000000000b/b.txt');
create policy pgtap_own on storage.objects for select to authenticated
  using (bucket_id = 'pgtap-docs' and (storage.foldername(name))[1] = auth.uid()::text);
select set_config('request.jwt.claims', '{"sub":"00000000-0000-0000-0000-00000000000a","role":"authenticated"}', true);
set local role authenticated;
select results_eq($$ select name from storage.objects $$, array['00000000-0000-0000-0000-00000000000a/a.txt'],
                  'the owner policy shows a user only their folder');
reset role;
select set_config('request.jwt.claims', '{"role":"anon"}', true);
set local role anon;
select is((select count(*) from storage.objects)::int, 0, 'anon sees nothing without a policy');
reset role;

select * from finish();
rollback;
