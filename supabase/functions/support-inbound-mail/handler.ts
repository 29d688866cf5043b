// support-inbound-mail (verify_jwt = false: Mailgun signs instead): POST /support-inbound-mail is
// the URL of a Mailgun route's forward() for the support address. A good signature → the mail goes
// to public.ingest_support_inbound_mail, which holds the whole rule (reply, new ticket, ignored,
// unmatched; one row per Message-ID) → 200 with its answer. Bad or missing signature: 401 and
// nothing stored. Answers follow Mailgun's retry rules: 200 done; 406 "not applicable", Mailgun
// does not retry (not a mail, or the database refused it); anything else is retried for 8 hours.
// The mail's files (attachment-1 … n) are kept on the ticket it became (attachments.ts).
import { error, HttpError, json, methodNotAllowed, readBodyLimited } from '../_shared/http.ts';
import { rpc, RpcError, serviceClient } from '../_shared/supabase.ts';
import { BadSignature, type InboundMail, MalformedMail, normalize, verifySignature } from './mailgun.ts';
import { attachmentParts, keepAttachments, listUnkept } from './attachments.ts';

/** The largest POST read: Mailgun accepts mails of up to 25 MB, attachments included. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** What public.ingest_support_inbound_mail answers. */
export interface Ingested { outcome: string; ticket_id: number | null; message_id: number | null; duplicate: boolean }
export type Ingest = (mail: InboundMail) => Promise<Ingested>;
const ingestViaRpc: Ingest = (mail) => rpc(serviceClient(), 'ingest_support_inbound_mail', { mail });

/** Keeps the files on the mail's message; when storing fails, they are listed in the ticket's note instead. */
async function keepFiles(stored: Ingested, files: File[]) {
  try {
    return await keepAttachments(serviceClient(), stored.ticket_id!, stored.message_id!, files);
  } catch (err) {
    console.error('[support-inbound-mail] attachments not stored', err);
    return await listUnkept(serviceClient(), stored.message_id!, files, 'not stored: storage failed');
  }
}

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
      const files = attachmentParts(fields);
      // A retried delivery (duplicate) already had its files; unmatched or ignored mail has no ticket.
      if (files.length && !stored.duplicate && stored.ticket_id && stored.message_id) {
        return json(200, { ...stored, attachments: await keepFiles(stored, files) });
      }
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
