// The adapter for each provider named on an outbox row (public.notification_channels.provider).
import type { Adapter, Provider } from './contract.ts';
import { httpEmail } from './http_email.ts';
import { smtp } from './smtp.ts';
import { twilio } from './twilio.ts';
import { unifonic } from './unifonic.ts';
import { whatsapp } from './whatsapp.ts';

export const ADAPTERS: Record<Provider, Adapter> = { smtp, http_email: httpEmail, twilio, unifonic, whatsapp_cloud: whatsapp };
