// The response stage: the executed statement's result → the HTTP answer, by planned action.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Executed } from '../execute.ts';
import type { Action } from '../plan/action.ts';
import type { ApiRequest } from '../request/api-request.ts';
import { respondCall } from './call.ts';
import { respondExplain } from './explain.ts';
import { respondMutate } from './mutate.ts';
import { respondRead } from './read.ts';
import { openApiDocument } from './openapi.ts';
import { send } from './send.ts';

export function respond(req: IncomingMessage, res: ServerResponse, api: ApiRequest, action: Action, result: Executed, maxRows: number | null | undefined): void {
  if (action.kind === 'openapi') {
    const doc = openApiDocument(action.cache, action.plan, JSON.parse(result.rows[0].doc));
    return send(req, res, 200, { 'Content-Type': 'application/openapi+json; charset=utf-8' }, JSON.stringify(doc));
  }
  if (action.explain) return respondExplain(req, res, api, result);
  switch (action.kind) {
    case 'read': return respondRead(req, res, api, result, action.plan.offset ?? 0, maxRows);
    case 'mutate': return respondMutate(req, res, api, action.plan, result);
    case 'call': return respondCall(req, res, api, action.plan, result);
  }
}
