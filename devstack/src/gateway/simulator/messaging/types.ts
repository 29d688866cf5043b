// What the simulated messaging providers share: a recorded message, the failures a test can ask
// for, and the shape of one provider (how it authenticates, reads a send, answers, posts a receipt).
import type { IncomingMessage } from 'node:http';

export type SimProviderName = 'twilio' | 'unifonic' | 'whatsapp' | 'resend';
export type Outcome = 'succeed' | 'server_error' | 'timeout' | 'invalid_number' | 'rate_limit';
export type ReceiptKind = 'delivered' | 'failed' | 'bounced' | 'read' | 'none';
export type Obj = Record<string, any>;

/** One accepted send, as the list endpoint and the HTML page show it. */
export interface SimMessage {
  id: string;
  provider: SimProviderName;
  to: string;
  from: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  template: Obj | null;
  status: 'accepted' | ReceiptKind;
  receipt: { url: string; status: number | null; attempts: number; error: string | null } | null;
  created: string;
  /** where the provider sends this message's receipt (Twilio: the request's StatusCallback) */
  callback?: string | null;
}

/** A send as the provider's request said it. */
export interface ParsedSend {
  to: string;
  from: string | null;
  subject?: string | null;
  text?: string | null;
  html?: string | null;
  template?: Obj | null;
  callback?: string | null;
  idempotencyKey?: string | null;
}

export interface Answer { status: number; body: unknown }

/** A provider's refusal, answered as that provider answers it. */
export class ProviderRefusal extends Error {
  constructor(public answer: Answer) { super(`refused with ${answer.status}`); }
}

export interface SimContext { secret(name: string): string; functionUrl(provider: string): string }

export interface SimProvider {
  name: SimProviderName;
  /** Whether method + path (after /simulator/<name>) is this provider's send endpoint. */
  isSend(method: string, rest: string[]): boolean;
  /** Reads and authenticates a send; throws ProviderRefusal with the provider's own error. */
  parse(ctx: SimContext, req: IncomingMessage, rest: string[], raw: string): ParsedSend;
  newId(): string;
  accepted(m: SimMessage, ctx: SimContext): Answer;
  failure(kind: Exclude<Outcome, 'succeed' | 'timeout'>, send: ParsedSend): Answer;
  /** The signed webhook for this message's final status. */
  receipt(ctx: SimContext, m: SimMessage, kind: Exclude<ReceiptKind, 'none'>): { url: string; headers: Record<string, string>; body: string };
}
