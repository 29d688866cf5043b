// The public API's routes: method + path → the SQL route api_dispatch runs (which checks the key's
// scope and tenant) and its params (query string, path ids and the JSON body).
export interface Call { route: string; params: Record<string, unknown> }

const table: [string, RegExp, string][] = [
  ['GET', /^\/v1\/events$/, 'events.list'],
  ['GET', /^\/v1\/orders$/, 'orders.list'],
  ['GET', /^\/v1\/orders\/(?<order_id>[0-9a-f-]{36})$/, 'orders.get'],
  ['POST', /^\/v1\/orders\/(?<order_id>[0-9a-f-]{36})\/transition$/, 'orders.transition'],
  ['GET', /^\/v1\/invoices$/, 'invoices.list'],
  ['GET', /^\/v1\/webhooks$/, 'webhooks.list'],
  ['POST', /^\/v1\/webhooks$/, 'webhooks.create'],
];

/** The path after the function's name: /functions/v1/api/v1/orders → /v1/orders. */
export function apiPath(url: URL): string {
  return url.pathname.replace(/^.*?\/api(?=\/|$)/, '').replace(/\/+$/, '') || '/';
}

export function match(method: string, url: URL, body: Record<string, unknown>): Call | null {
  const path = apiPath(url);
  for (const [m, re, route] of table) {
    const hit = m === method ? re.exec(path) : null;
    if (hit) return { route, params: { ...Object.fromEntries(url.searchParams), ...body, ...(hit.groups ?? {}) } };
  }
  return null;
}
