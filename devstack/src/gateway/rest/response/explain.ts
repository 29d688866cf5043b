// Accept: application/vnd.pgrst.plan+json|text — the EXPLAIN output of the request's statement.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Executed } from '../execute.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { send } from './send.ts';

export function respondExplain(req: IncomingMessage, res: ServerResponse, api: ApiRequest, result: Executed): void {
  const want = api.plan!;
  const rows = result.rows.map((r) => r['QUERY PLAN']);
  const body = want.text ? rows.join('\n') : JSON.stringify(typeof rows[0] === 'string' ? JSON.parse(rows[0]) : rows[0]);
  const type = `application/vnd.pgrst.plan+${want.text ? 'text' : 'json'}; for="${want.forType}"; charset=utf-8`;
  send(req, res, 200, { 'Content-Type': type }, body);
}
