// The lifecycle actions the SQL offers (tenant_allowed_actions) and the function each one calls.
export const LIFECYCLE_FUNCTIONS = {
  submit: 'submit_tenant',
  reject: 'reject_tenant',
  approve: 'approve_tenant',
  start_trial: 'start_tenant_trial',
  activate: 'activate_tenant',
  enter_grace: 'enter_tenant_grace',
  suspend: 'suspend_tenant',
  freeze: 'freeze_tenant',
  reactivate: 'reactivate_tenant',
  archive: 'archive_tenant',
  churn: 'churn_tenant',
} as const;

export type LifecycleAction = keyof typeof LIFECYCLE_FUNCTIONS;

export interface AllowedAction { action: string; to_status: string; reason_required: boolean }

export const isLifecycleAction = (a: string): a is LifecycleAction => a in LIFECYCLE_FUNCTIONS;

/** The rpc call for an action: function name and named arguments. */
export function lifecycleCall(tenantId: string, action: LifecycleAction, reason?: string, trialDays?: number) {
  const args: Record<string, unknown> = { tenant_id: tenantId, reason: reason?.trim() ? reason.trim() : null };
  if (action === 'start_trial' && trialDays) args.trial_days = trialDays;
  return { fn: LIFECYCLE_FUNCTIONS[action], args };
}

/** Destructive actions get a danger button. */
export const DANGEROUS: ReadonlySet<string> = new Set(['reject', 'suspend', 'freeze', 'archive', 'churn', 'enter_grace']);
