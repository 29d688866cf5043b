-- Vault as the project uses it (devstack's stand-in, or the real extension on Supabase): secrets
-- encrypted at rest, created, read, rotated and renamed, and readable only by the roles Supabase grants.
begin;
select plan(32);

-- ── Vault: shape
select has_schema('vault');
select columns_are('vault', 'secrets',
                   array['id', 'name', 'description', 'secret', 'key_id', 'nonce', 'created_at', 'updated_at'],
                   'vault.secrets has Vault''s columns');
select has_view('vault', 'decrypted_secrets', 'vault.decrypted_secrets exists');
select columns_are('vault', 'decrypted_secrets',
                   array['id', 'name', 'description', 'secret', 'decrypted_secret', 'key_id', 'nonce', 'created_at', 'updated_at'],
                   'vault.decrypted_secrets has Vault''s columns');
select is(pg_get_function_result(to_regprocedure('vault.create_secret(text,text,text,uuid)')), 'uuid',
          'vault.create_secret(new_secret, new_name, new_description, new_key_id) returns uuid');
select is(pg_get_function_result(to_regprocedure('vault.update_secret(uuid,text,text,text,uuid)')), 'void',
          'vault.update_secret(secret_id, new_secret, new_name, new_description, new_key_id) returns void');

-- ── Vault: round trip
select vault.create_secret('s3cr3t-value-devstack', 'devstack_t_secret', 'a test secret') as sid \gset
select ok(:'sid'::uuid is not null, 'create_secret returns the new secret''s id');
select results_eq(
  format($$ select name, description, decrypted_secret from vault.decrypted_secrets where id = %L $$, :'sid'),
  $$ values ('devstack_t_secret'::text, 'a test secret'::text, 's3cr3t-value-devstack'::text) $$,
  'decrypted_secrets returns the secret in clear with its name and description');
select is((select decrypted_secret from vault.decrypted_secrets where name = 'devstack_t_secret'), 's3cr3t-value-devstack',
          'a secret is found by name, as SQL that builds Authorization headers does');
select ok((select secret <> 's3cr3t-value-devstack' and strpos(secret, 's3cr3t') = 0
             and strpos(secret, encode(convert_to('s3cr3t-value-devstack', 'UTF8'), 'base64')) = 0
             from vault.secrets where id = :'sid'),
          'the stored secret is ciphertext: neither the plaintext nor its base64');
select is((select secret from vault.decrypted_secrets where id = :'sid'), (select secret from vault.secrets where id = :'sid'),
          'decrypted_secrets also shows the stored ciphertext');
select vault.create_secret('s3cr3t-value-devstack') as sid2 \gset
select isnt((select secret from vault.secrets where id = :'sid2'), (select secret from vault.secrets where id = :'sid'),
            'the same plaintext encrypts differently each time');
select results_eq(format($$ select name, description, key_id, decrypted_secret from vault.decrypted_secrets where id = %L $$, :'sid2'),
                  $$ values (null::text, ''::text, null::uuid, 's3cr3t-value-devstack'::text) $$,
                  'create_secret with only the secret: no name, empty description, no key id');
select vault.create_secret('k', 'devstack_t_keyed', new_key_id => '00000000-0000-4000-8000-000000000001') as sid3 \gset
select is((select key_id from vault.secrets where id = :'sid3'), '00000000-0000-4000-8000-000000000001'::uuid,
          'create_secret stores new_key_id');

select (select secret from vault.secrets where id = :'sid') as old_ciphertext \gset
select vault.update_secret(:'sid', 'rotated-value') \g /dev/null
select results_eq(
  format($$ select name, description, decrypted_secret from vault.decrypted_secrets where id = %L $$, :'sid'),
  $$ values ('devstack_t_secret'::text, 'a test secret'::text, 'rotated-value'::text) $$,
  'update_secret with a new secret changes only the secret');
select isnt((select secret from vault.secrets where id = :'sid'), :'old_ciphertext', 'the new secret is stored re-encrypted');
select (select secret from vault.secrets where id = :'sid') as rotated_ciphertext \gset
select vault.update_secret(:'sid', new_name => 'devstack_t_renamed', new_description => 'renamed') \g /dev/null
select results_eq(
  format($$ select name, description, decrypted_secret, secret from vault.decrypted_secrets where id = %L $$, :'sid'),
  format($$ values ('devstack_t_renamed'::text, 'renamed'::text, 'rotated-value'::text, %L::text) $$, :'rotated_ciphertext'),
  'update_secret with a new name and description keeps the secret as it was');
select lives_ok($$ select vault.update_secret('00000000-0000-4000-8000-0000000000ff', 'x') $$,
                'update_secret of an unknown id does nothing');
select is((select count(*)::int from vault.secrets where id = '00000000-0000-4000-8000-0000000000ff'), 0,
          '... and creates nothing');

select throws_ok($$ select vault.create_secret('other', 'devstack_t_renamed') $$, '23505', null,
                 'secret names are unique');
select throws_ok(format($$ select vault.update_secret(%L, new_name => 'devstack_t_keyed') $$, :'sid'), '23505', null,
                 'renaming onto another secret''s name fails');
select lives_ok($$ select vault.create_secret('a'), vault.create_secret('b') $$, 'any number of secrets may have no name');

-- ── Vault: access as Supabase grants it
select ok(not has_schema_privilege('anon', 'vault', 'usage'), 'anon cannot use the vault schema');
select ok(not has_schema_privilege('authenticated', 'vault', 'usage'), 'authenticated cannot use the vault schema');
select ok(not has_table_privilege('anon', 'vault.decrypted_secrets', 'select')
          and not has_table_privilege('authenticated', 'vault.decrypted_secrets', 'select')
          and not has_table_privilege('anon', 'vault.secrets', 'select')
          and not has_table_privilege('authenticated', 'vault.secrets', 'select'),
          'anon and authenticated have no privilege on the secrets or the decrypted view');
set local role anon;
select throws_ok($$ select decrypted_secret from vault.decrypted_secrets $$, '42501', null, 'anon cannot read decrypted secrets');
reset role;
set local role authenticated;
select throws_ok($$ select decrypted_secret from vault.decrypted_secrets $$, '42501', null,
                 'authenticated cannot read decrypted secrets');
select throws_ok($$ select vault.create_secret('sneaky') $$, '42501', null, 'authenticated cannot create secrets');
reset role;
set local role service_role;
select is((select decrypted_secret from vault.decrypted_secrets where name = 'devstack_t_renamed'), 'rotated-value',
          'service_role can read decrypted secrets');
select lives_ok($$ select vault.create_secret('from-service', 'devstack_t_service') $$, 'service_role can create secrets');
reset role;
select ok(not has_table_privilege('service_role', 'vault.secrets', 'insert')
          and not has_table_privilege('service_role', 'vault.secrets', 'update'),
          'service_role writes secrets only through create_secret/update_secret');
select ok(coalesce(bool_and(not has_table_privilege(r, c.oid, 'select')), true),
          'only the owner can read the root key (no other role has select on Vault''s internal tables)')
  from pg_class c, unnest(array['anon', 'authenticated', 'service_role']) r
 where c.relnamespace = 'vault'::regnamespace and c.relkind = 'r' and c.relname <> 'secrets';

select * from finish();
rollback;
