-- devstack stand-in for Supabase Vault (supabase_vault), written from Supabase's public documentation.
-- Installed by the bootstrap only where the server has no supabase_vault extension.
--
-- Same surface as Vault: vault.secrets (ciphertext at rest), vault.create_secret(),
-- vault.update_secret() and the vault.decrypted_secrets view. Secrets are encrypted with pgcrypto
-- (OpenPGP symmetric encryption, AES-256 with an integrity check) under a random root key made once
-- per installation and kept in vault._root_key, which only the owner can read. Each ciphertext is
-- bound to its row (id and nonce), so ciphertexts cannot be swapped between secrets.
-- Access as on Supabase: postgres and service_role may read, delete, create and update secrets;
-- anon and authenticated have nothing.

create schema if not exists vault;

create table if not exists vault._root_key (
  id integer primary key default 1 check (id = 1),
  key bytea not null default extensions.gen_random_bytes(32),
  created_at timestamptz not null default now()
);
insert into vault._root_key (id) values (1) on conflict (id) do nothing;
revoke all on vault._root_key from public;

create table if not exists vault.secrets (
  id uuid primary key default extensions.gen_random_uuid(),
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea default extensions.gen_random_bytes(16),
  created_at timestamptz not null default current_timestamp,
  updated_at timestamptz not null default current_timestamp
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;
comment on table vault.secrets is 'Vault secrets, encrypted at rest; read them through vault.decrypted_secrets.';

-- The passphrase for one row: the installation's root key bound to the row's id and nonce.
create or replace function vault._passphrase(secret_id uuid, nonce bytea)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select encode(k.key, 'hex') || ':' || secret_id::text || ':' || coalesce(encode(nonce, 'hex'), '')
    from vault._root_key k
   where k.id = 1
$$;
revoke all on function vault._passphrase(uuid, bytea) from public;

-- Encrypts on every write of `secret`, whatever the path (create_secret, update_secret, or a
-- superuser's direct INSERT as older Vault docs show).
create or replace function vault._encrypt_secret()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  encrypt boolean := true;
begin
  if tg_op = 'UPDATE' then
    if new.id is distinct from old.id then
      raise exception using errcode = '42501', message = 'vault: a secret''s id cannot change';
    end if;
    encrypt := new.secret is distinct from old.secret;
    if not encrypt and new.nonce is distinct from old.nonce then
      raise exception using errcode = '42501', message = 'vault: a secret''s nonce cannot change on its own';
    end if;
  end if;
  if encrypt then
    new.nonce := extensions.gen_random_bytes(16);
    new.secret := translate(encode(
      extensions.pgp_sym_encrypt(new.secret, vault._passphrase(new.id, new.nonce),
                                 'cipher-algo=aes256, s2k-mode=1'),
      'base64'), E'\n', '');
  end if;
  return new;
end
$$;
revoke all on function vault._encrypt_secret() from public;

create or replace trigger secrets_encrypt
  before insert or update on vault.secrets
  for each row execute function vault._encrypt_secret();

create or replace function vault._crypto_aead_det_decrypt(secret text, secret_id uuid, nonce bytea)
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return extensions.pgp_sym_decrypt(decode(secret, 'base64'), vault._passphrase(secret_id, nonce));
exception when others then
  raise exception using
    errcode = '39000',
    message = format('vault: secret %s cannot be decrypted (%s)', secret_id, sqlerrm),
    hint = 'The ciphertext was changed outside vault.create_secret/update_secret, or the root key in vault._root_key changed.';
end
$$;
revoke all on function vault._crypto_aead_det_decrypt(text, uuid, bytea) from public;

create or replace view vault.decrypted_secrets as
select s.id,
       s.name,
       s.description,
       s.secret,
       vault._crypto_aead_det_decrypt(s.secret, s.id, s.nonce) as decrypted_secret,
       s.key_id,
       s.nonce,
       s.created_at,
       s.updated_at
  from vault.secrets s;

create or replace function vault.create_secret(
  new_secret text,
  new_name text default null,
  new_description text default '',
  new_key_id uuid default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  created uuid;
begin
  insert into vault.secrets (secret, name, description, key_id)
  values (new_secret, new_name, coalesce(new_description, ''), new_key_id)
  returning id into created;
  return created;
end
$$;

create or replace function vault.update_secret(
  secret_id uuid,
  new_secret text default null,
  new_name text default null,
  new_description text default null,
  new_key_id uuid default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update vault.secrets s
     set secret = coalesce(new_secret, s.secret),
         name = coalesce(new_name, s.name),
         description = coalesce(new_description, s.description),
         key_id = coalesce(new_key_id, s.key_id),
         updated_at = now()
   where s.id = secret_id;
end
$$;

-- Access, as Supabase grants it.
revoke all on schema vault from public;
revoke all on vault.secrets, vault.decrypted_secrets from public;
revoke all on function vault.create_secret(text, text, text, uuid) from public;
revoke all on function vault.update_secret(uuid, text, text, text, uuid) from public;

grant usage on schema vault to postgres with grant option;
grant select, delete, truncate, references on vault.secrets, vault.decrypted_secrets to postgres with grant option;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid),
  vault._crypto_aead_det_decrypt(text, uuid, bytea) to postgres with grant option;

grant usage on schema vault to service_role;
grant select, delete on vault.secrets, vault.decrypted_secrets to service_role;
grant execute on function vault.create_secret(text, text, text, uuid), vault.update_secret(uuid, text, text, text, uuid),
  vault._crypto_aead_det_decrypt(text, uuid, bytea) to service_role;
