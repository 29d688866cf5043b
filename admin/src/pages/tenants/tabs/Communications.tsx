// A tenant's communication log (issue 17 §7): every message written for it, with the provider's
// answers and retry, the outbox table fixed to this tenant.
import { OutboxTable } from '../../notifications/OutboxTable';

export function CommunicationsTab({ tenantId }: { tenantId: string }) {
  return <div data-testid="communications-tab"><OutboxTable tenantId={tenantId} /></div>;
}
