// /admin/users: the service-role user management supabase-js's auth.admin calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthError } from './errors.ts';
import { type AuthContext, UUID, jsonBody, reply, requireAdmin } from './request.ts';
import { withTx } from './sessions.ts';
import { generateLink } from './flows.ts';
import { createUser, findUser, parseBanDuration, userJson } from './users.ts';

export async function admin(ctx: AuthContext, req: IncomingMessage, res: ServerResponse, method: string, rest: string[], search: URLSearchParams) {
  requireAdmin(ctx, req);
  if (method === 'POST' && rest.length === 1 && rest[0] === 'generate_link') return generateLink(ctx, req, res, search);
  if (rest[0] !== 'users') throw new AuthError(404, 'not_found', 'Not found');
  if (method === 'POST' && rest.length === 1) {
    const body = await jsonBody(req);
    if (body.email !== undefined && (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(body.email))) {
      throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    }
    if (body.email === undefined && typeof body.phone !== 'string') throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
    if (body.password !== undefined && typeof body.password !== 'string') throw new AuthError(400, 'validation_failed', 'Password must be a string');
    const user = await withTx(ctx.pool, (c) => createUser(c, {
      email: body.email, phone: body.phone, password: body.password, emailConfirm: !!body.email_confirm, phoneConfirm: !!body.phone_confirm,
      userMetadata: body.user_metadata, appMetadata: body.app_metadata, role: typeof body.role === 'string' ? body.role : undefined,
      banDuration: typeof body.ban_duration === 'string' ? body.ban_duration : undefined,
    }));
    return reply(req, res, 200, await userJson(ctx.pool, user));
  }
  if (method === 'GET' && rest.length === 1) {
    const page = Math.max(1, Number.parseInt(search.get('page') ?? '1', 10) || 1);
    const perPage = Math.min(1000, Math.max(1, Number.parseInt(search.get('per_page') ?? '50', 10) || 50));
    const { rows: [{ total }] } = await ctx.pool.query('select count(*)::int as total from auth.users where deleted_at is null');
    const { rows } = await ctx.pool.query('select * from auth.users where deleted_at is null order by created_at, id limit $1 offset $2', [perPage, (page - 1) * perPage]);
    const users = await Promise.all(rows.map((r) => userJson(ctx.pool, r)));
    const last = Math.max(1, Math.ceil(total / perPage));
    const links = [`</admin/users?page=${last}&per_page=${perPage}>; rel="last"`];
    if (page < last) links.unshift(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    return reply(req, res, 200, { users, aud: 'authenticated' }, { 'X-Total-Count': String(total), Link: links.join(', ') });
  }
  const user = await findUser(ctx.pool, rest[1] ?? '');
  if (!user) throw new AuthError(404, 'user_not_found', 'User not found');
  if (rest.length === 2 && method === 'GET') return reply(req, res, 200, await userJson(ctx.pool, user));
  if (rest.length === 2 && method === 'DELETE') {
    await jsonBody(req);
    const json = await userJson(ctx.pool, user);
    await ctx.pool.query('delete from auth.users where id = $1', [user.id]);
    return reply(req, res, 200, json);
  }
  if (rest.length === 2 && method === 'PUT') {
    const body = await jsonBody(req);
    if (body.password !== undefined) {
      if (typeof body.password !== 'string') throw new AuthError(400, 'validation_failed', 'Password must be a string');
      await ctx.pool.query(`update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)) where id = $1`, [user.id, body.password]);
    }
    if (body.user_metadata && typeof body.user_metadata === 'object') {
      await ctx.pool.query(`update auth.users set raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || $2::jsonb where id = $1`, [user.id, JSON.stringify(body.user_metadata)]);
    }
    if (body.app_metadata && typeof body.app_metadata === 'object') {
      await ctx.pool.query(`update auth.users set raw_app_meta_data = coalesce(raw_app_meta_data, '{}') || $2::jsonb where id = $1`, [user.id, JSON.stringify(body.app_metadata)]);
    }
    if (typeof body.email === 'string') await ctx.pool.query('update auth.users set email = lower($2) where id = $1', [user.id, body.email]);
    if (body.email_confirm === true) await ctx.pool.query('update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()) where id = $1', [user.id]);
    if (typeof body.ban_duration === 'string') {
      const ms = parseBanDuration(body.ban_duration);
      await ctx.pool.query(`update auth.users set banned_until = case when $2::bigint is null then null else now() + ($2::bigint * interval '1 millisecond') end where id = $1`, [user.id, ms]);
    }
    await ctx.pool.query('update auth.users set updated_at = now() where id = $1', [user.id]);
    return reply(req, res, 200, await userJson(ctx.pool, await findUser(ctx.pool, user.id)));
  }
  if (rest[2] === 'factors') {
    if (rest.length === 3 && method === 'GET') {
      const json = await userJson(ctx.pool, user);
      return reply(req, res, 200, json.factors ?? []);
    }
    if (rest.length === 4 && method === 'DELETE') {
      const { rows } = UUID.test(rest[3]) ? await ctx.pool.query('delete from auth.mfa_factors where id = $1 and user_id = $2 returning id', [rest[3], user.id]) : { rows: [] as any[] };
      if (!rows.length) throw new AuthError(404, 'mfa_factor_not_found', 'Factor not found');
      return reply(req, res, 200, { id: rows[0].id });
    }
  }
  throw new AuthError(404, 'not_found', 'Not found');
}
