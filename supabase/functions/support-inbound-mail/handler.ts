// support-inbound-mail (verify_jwt = false: Mailgun signs instead): POST /support-inbound-mail is
// the URL of a Mailgun route's forward() for the support address. A good signature → the mail goes
// to public.ingest_support_inbound_mail, which holds the whole rule (reply, new ticket, ignored,
// unmatched; one row per Message-ID) → 200 with its answer. Bad or missing signature: 401 and
// nothing stored. Answers follow Mailgun's retry rules: 200 done; 406 "not applicable", Mailgun
// does not retry (not a mail, or the database refused it); anything else is retried for 8 hours.
import { error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { rpc, RpcError, serviceClient } from '../_shared/supabase.ts';
import { BadSignature, type InboundMail, MalformedMail, normalize, verifySignature } from './mailgun.ts';

/** The largest POST read: the text of a mail is far smaller; attachments are not kept (yet). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type Ingest = (mail: InboundMail) => Promise<unknown>;
const ingestViaRpc: Ingest = (mail) => rpc(serviceClient(), 'ingest_support_inbound_mail', { mail });

function signingKeys(): string[] {
  const keys = (Deno.env.get('MAILGUN_WEBHOOK_SIGNING_KEY') ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (!keys.length) throw new HttpError(500, 'not_configured', 'MAILGUN_WEBHOOK_SIGNING_KEY is not set (docs/support.md)');
  return keys;
}

async function formOf(raw: Uint8Array<ArrayBuffer>, contentType: string): Promise<FormData> {
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) {
    throw new MalformedMail('Mailgun posts a form (urlencoded or multipart)');
  }
  try {
    return await new Response(raw, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new MalformedMail('the form cannot be read');
  }
}

export function inboundHandler(ingest: Ingest = ingestViaRpc): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== 'POST') return methodNotAllowed('Mailgun posts inbound mail', 'POST');
    try {
      const raw = await readBodyLimited(req, MAX_BODY_BYTES) as Uint8Array<ArrayBuffer>;
      const fields = await formOf(raw, req.headers.get('content-type') ?? '');
      await verifySignature(fields, signingKeys());
      const stored = await ingest(normalize(fields));
      return json(200, stored);
    } catch (err) {
      if (err instanceof BadSignature) {
        return error(401, err.reason === 'missing' ? 'missing_signature' : 'invalid_signature', err.message);
      }
      if (err instanceof MalformedMail) return error(406, 'malformed_payload', err.message);
      if (err instanceof HttpError) return err.toResponse();
      if (err instanceof RpcError) {
        const f = err.failure;
        if (f.status >= 400 && f.status < 500) return error(406, 'event_rejected', f.message, { detail: f.detail });
        console.error(`[support-inbound-mail] ingest failed: ${f.status} ${f.code} ${f.message}`);
        return error(500, 'internal_error', 'the mail could not be stored; Mailgun retries');
      }
      console.error('[support-inbound-mail] unexpected error', err);
      return error(500, 'internal_error', 'the mail could not be stored; Mailgun retries');
    }
  };
}
