// Answers to /rpc calls: 204 for void, a raw value, one JSON value, or rows answered like a table read.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { singleError } from '../errors.ts';
import type { Executed } from '../execute.ts';
import type { CallPlan } from '../plan/call.ts';
import type { ApiRequest } from '../request/api-request.ts';
import type { RawFormat } from '../request/media.ts';
import { outcomeOf, respondRows } from './read.ts';
import { send } from './send.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const RAW_TYPES: Record<RawFormat, string> = { text: 'text/plain; charset=utf-8', xml: 'text/xml; charset=utf-8', binary: 'application/octet-stream' };

export function respondCall(req: IncomingMessage, res: ServerResponse, api: ApiRequest, plan: CallPlan, result: Executed): void {
  const { fn } = plan;
  const { format, prefer } = api;
  if (plan.result === 'void') return send(req, res, 204, {}, null);
  const out = outcomeOf(result);
  if (plan.result === 'raw' && (format === 'text' || format === 'xml' || format === 'binary')) {
    const body = out.body === null ? '' : format === 'binary' ? Buffer.from(out.body, 'hex') : out.body;
    return send(req, res, 200, { 'Content-Type': RAW_TYPES[format] }, body);
  }
  if (plan.result === 'scalar') {
    if (format === 'single' && fn.returnsSet) {
      if (out.page !== 1) throw singleError(out.page);
      out.body = JSON.stringify(JSON.parse(out.body!)[0]);
    }
    const range = `${out.page > 0 ? `0-${out.page - 1}` : '*'}/${prefer.count ? out.page : '*'}`;
    const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, 'Content-Range': range };
    if (prefer.count) headers['Preference-Applied'] = `count=${prefer.count}`;
    return send(req, res, 200, headers, out.body ?? 'null');
  }
  // A function returning one row answers that row as an object (unless the client asked for one).
  if (!fn.returnsSet && format !== 'single') return send(req, res, 200, { 'Content-Type': JSON_TYPE }, out.body ?? 'null');
  // nulls=stripped is not applied to function results (as before this layout; see docs/devstack-postgrest.md).
  respondRows(req, res, api, out, plan.rows?.offset ?? 0, false);
}
