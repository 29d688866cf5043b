// Runs one Edge Function under Deno: Deno.serve is redirected to the port the gateway chose,
// the way Supabase's edge runtime hosts `Deno.serve(handler)` without the function naming a port.
const port = Number(Deno.env.get('DEVSTACK_FN_PORT'));
const entry = Deno.env.get('DEVSTACK_FN_ENTRY')!;
const original = Deno.serve.bind(Deno);

// deno-lint-ignore no-explicit-any
function serveOnGatewayPort(...args: any[]) {
  // deno-lint-ignore no-explicit-any
  let options: any = {};
  // deno-lint-ignore no-explicit-any
  let handler: any;
  if (typeof args[0] === 'function') { handler = args[0]; options = args[1] ?? {}; }
  else { options = { ...(args[0] ?? {}) }; handler = args[1] ?? options.handler; }
  return original({ ...options, handler, port, hostname: '127.0.0.1', onListen: () => {} });
}

Object.defineProperty(Deno, 'serve', { value: serveOnGatewayPort, configurable: true, writable: true });
await import(entry);
