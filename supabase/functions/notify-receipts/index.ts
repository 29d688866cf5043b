// notify-receipts (verify_jwt = false: providers sign instead): delivery receipts and bounces.
//   POST /notify-receipts/twilio          status callback, X-Twilio-Signature
//   POST /notify-receipts/unifonic?token= delivery report, shared secret in the URL
//   POST /notify-receipts/whatsapp_cloud  messages webhook, X-Hub-Signature-256
//   GET  /notify-receipts/whatsapp_cloud  subscription handshake (hub.verify_token → hub.challenge)
//   POST /notify-receipts/http_email      Resend webhook, Svix signature (bounces, complaints)
//   POST /notify-receipts/smtp?token=     returned mail (RFC 3464 DSN, RFC 5965 abuse report), raw
// Verified receipts go to public.ingest_notification_receipt; a bad signature is 401 and nothing is stored.
// See docs/notifications-channels.md.
import { handle } from './handler.ts';
import { traced } from '../_shared/trace.ts';

Deno.serve(traced(handle));
