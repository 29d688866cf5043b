// Unit tests of the gateway's building blocks: JWT, demo keys, TOTP (RFC 6238 vectors), query parser.
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from '../../src/gateway/jwt.ts';
import { DEMO_ANON_KEY, DEMO_JWT_SECRET, DEMO_SERVICE_ROLE_KEY } from '../../src/gateway/keys.ts';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from '../../src/gateway/auth/totp.ts';
import { parseLogic, parseSelect, parseOrder, parseFilterValue, parseField } from '../../src/gateway/rest/request/parser.ts';
import { loadConfig, parseHookUri } from '../../src/gateway/config.ts';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statusForSqlState } from '../../src/gateway/rest/errors.ts';

describe('JWT and demo keys', () => {
  it('reproduces Supabase\'s well-known anon and service_role keys', () => {
    expect(signJwt({ iss: 'supabase-demo', role: 'anon', exp: 1983812996 }, DEMO_JWT_SECRET)).toBe(DEMO_ANON_KEY);
    expect(signJwt({ iss: 'supabase-demo', role: 'service_role', exp: 1983812996 }, DEMO_JWT_SECRET)).toBe(DEMO_SERVICE_ROLE_KEY);
    expect(verifyJwt(DEMO_ANON_KEY, DEMO_JWT_SECRET)).toEqual({ ok: true, claims: { iss: 'supabase-demo', role: 'anon', exp: 1983812996 } });
  });

  it('rejects tampering, other secrets, alg none, expiry and garbage', () => {
    const token = signJwt({ role: 'authenticated', exp: 2000000000 }, DEMO_JWT_SECRET);
    const [h, , s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ role: 'service_role', exp: 2000000000 })).toString('base64url');
    expect(verifyJwt(`${h}.${forgedPayload}.${s}`, DEMO_JWT_SECRET)).toMatchObject({ ok: false, reason: 'signature' });
    expect(verifyJwt(token, 'x'.repeat(40))).toMatchObject({ ok: false, reason: 'signature' });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${forgedPayload}.`;
    expect(verifyJwt(none, DEMO_JWT_SECRET)).toMatchObject({ ok: false, reason: 'algorithm' });
    expect(verifyJwt(signJwt({ exp: 100 }, DEMO_JWT_SECRET), DEMO_JWT_SECRET)).toMatchObject({ ok: false, reason: 'expired' });
    expect(verifyJwt(signJwt({ exp: 'soon' }, DEMO_JWT_SECRET), DEMO_JWT_SECRET)).toMatchObject({ ok: false, reason: 'expired' });
    for (const junk of ['', 'a', 'a.b', 'a.b.c', '...', '!!.??.**', `${h}.bnVsbA.${s}`]) {
      expect(verifyJwt(junk, DEMO_JWT_SECRET).ok, junk).toBe(false);
    }
  });
});

describe('TOTP', () => {
  const seeds = {
    sha1: Buffer.from('12345678901234567890'),
    sha256: Buffer.from('12345678901234567890123456789012'),
    sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  // RFC 6238 Appendix B.
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(vectors)('matches the RFC 6238 vectors at T=%i', (t, sha1, sha256, sha512) => {
    expect(totp(seeds.sha1, t, { digits: 8, algorithm: 'sha1' })).toBe(sha1);
    expect(totp(seeds.sha256, t, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(seeds.sha512, t, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(seeds.sha1, counter)).toBe(code));
  });

  it('round-trips base32 and verifies within one step of drift only', () => {
    const secret = base32Encode(seeds.sha1);
    expect(secret).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(secret)).toEqual(seeds.sha1);
    const now = 1_700_000_000;
    const code = totp(seeds.sha1, now);
    expect(verifyTotp(secret, code, now)).toBe(true);
    expect(verifyTotp(secret, code, now + 30)).toBe(true);
    expect(verifyTotp(secret, code, now + 90)).toBe(false);
    expect(verifyTotp(secret, '12345', now)).toBe(false);
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false);
    expect(verifyTotp('not base32!', code, now)).toBe(false);
  });
});

describe('query parser', () => {
  it('parses select items', () => {
    expect(parseSelect('id,alias:name,n::text,data->a->>b,c:clients!fk!inner(id,orders(*)),...t(x)')).toEqual([
      { kind: 'field', field: { name: 'id', jsonPath: [] }, alias: undefined, cast: undefined },
      { kind: 'field', field: { name: 'name', jsonPath: [] }, alias: 'alias', cast: undefined },
      { kind: 'field', field: { name: 'n', jsonPath: [] }, alias: undefined, cast: 'text' },
      { kind: 'field', field: { name: 'data', jsonPath: [{ arrow: '->', key: 'a' }, { arrow: '->>', key: 'b' }] }, alias: undefined, cast: undefined },
      { kind: 'embed', name: 'clients', alias: 'c', hints: ['fk'], joinType: 'inner', spread: false, select: [
        { kind: 'field', field: { name: 'id', jsonPath: [] }, alias: undefined, cast: undefined },
        { kind: 'embed', name: 'orders', alias: undefined, hints: [], joinType: undefined, spread: false, select: [{ kind: 'star' }] }] },
      { kind: 'embed', name: 't', alias: undefined, hints: [], joinType: undefined, spread: true, select: [
        { kind: 'field', field: { name: 'x', jsonPath: [] }, alias: undefined, cast: undefined }] },
    ]);
    expect(() => parseSelect('id,,name')).toThrow();
    expect(() => parseSelect('a::text;drop')).toThrow();
    expect(() => parseSelect('x(')).toThrow();
  });

  it('parses filters, quoted values and nested logic', () => {
    expect(parseFilterValue(parseField('name'), 'in.(a,"b,c","d\\"e")')).toMatchObject({ op: 'in', value: ['a', 'b,c', 'd"e'] });
    expect(parseFilterValue(parseField('tsv'), 'not.fts(english).cat')).toMatchObject({ negate: true, op: 'fts', modifier: 'english', value: 'cat' });
    const tree = parseLogic('or', false, '(a.eq.1,and(b.gt.2,not.or(c.is.null,d.eq."x,y")))');
    expect(tree.children).toHaveLength(2);
    expect((tree.children[1] as any).children[1]).toMatchObject({ kind: 'logic', op: 'or', negate: true });
    expect(() => parseLogic('or', false, '(a.eq.1,)')).toThrow();
    expect(() => parseLogic('or', false, 'a.eq.1')).toThrow();
    expect(() => parseFilterValue(parseField('a'), 'in.1,2')).toThrow();
    expect(() => parseFilterValue(parseField('a'), 'between.1')).toThrow();
  });

  it('parses order terms', () => {
    expect(parseOrder('a.desc.nullslast,b,t(name).asc')).toEqual([
      { relation: undefined, field: { name: 'a', jsonPath: [] }, dir: 'desc', nulls: 'last' },
      { relation: undefined, field: { name: 'b', jsonPath: [] } },
      { relation: 't', field: { name: 'name', jsonPath: [] }, dir: 'asc' },
    ]);
    expect(() => parseOrder('a.up')).toThrow();
  });
});

describe('config and error mapping', () => {
  it('parses pg-functions hook URIs', () => {
    expect(parseHookUri('pg-functions://postgres/private/hook_x')).toEqual({ schema: 'private', name: 'hook_x' });
    expect(parseHookUri('https://example.com/hook')).toBeUndefined();
  });

  it('reads api schemas, auth settings, hooks and verify_jwt from config.toml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-config-'));
    mkdirSync(join(dir, 'supabase'));
    writeFileSync(join(dir, 'supabase', 'config.toml'), `
[api]
schemas = ["public", "api"]
extra_search_path = ["extensions"]
max_rows = 50
[auth]
jwt_expiry = 900
refresh_token_reuse_interval = 5
minimum_password_length = 12
[auth.mfa]
challenge_expiry_duration = 60
[auth.hook.custom_access_token]
enabled = true
uri = "pg-functions://postgres/private/claims"
[auth.hook.password_verification_attempt]
enabled = false
uri = "pg-functions://postgres/private/pw"
[functions.stripe-webhook]
verify_jwt = false
`);
    const cfg = loadConfig(dir);
    expect(cfg).toMatchObject({ schemas: ['public', 'api'], extraSearchPath: ['extensions'], maxRows: 50, jwtExpiry: 900,
      refreshTokenReuseInterval: 5, minPasswordLength: 12, mfaChallengeExpiry: 60, functionsVerifyJwt: { 'stripe-webhook': false } });
    expect(cfg.hooks).toEqual({ customAccessToken: { schema: 'private', name: 'claims' }, passwordVerificationAttempt: undefined, mfaVerificationAttempt: undefined });
    const defaults = loadConfig(join(dir, 'missing'));
    expect(defaults).toMatchObject({ schemas: ['public', 'graphql_public'], jwtExpiry: 3600, maxRows: null });
  });

  it('maps SQLSTATE to HTTP as PostgREST does', () => {
    const cases: [string, number][] = [['23505', 409], ['23503', 409], ['P0001', 400], ['PT402', 402], ['42P01', 404], ['42883', 404],
      ['25006', 405], ['08006', 503], ['53400', 500], ['28000', 403], ['P0002', 500], ['22P02', 400], ['42P17', 500],
      ['40P01', 500], ['40001', 500], ['25P02', 500], ['54001', 500], ['55P03', 500], ['57014', 500], ['57P01', 503], ['09000', 500], ['53300', 503]];
    for (const [code, status] of cases) expect(statusForSqlState(code, '', false), code).toBe(status);
    expect(statusForSqlState('42501', '', true)).toBe(401);
    expect(statusForSqlState('42501', '', false)).toBe(403);
    expect(statusForSqlState('21000', 'UPDATE requires a WHERE clause', false)).toBe(400);
  });
});
