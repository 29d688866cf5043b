-- Comments on the exposed functions and view this change defined or redefined: Studio, PostgREST's
-- OpenAPI and the generated types show them. (Each belongs beside its definition; the house issue's
-- declarative schema files will put it there.)

comment on function public.invite_staff is
  'Invites an HQ staff member (staff.manage): a new account with no password, never an existing one (staff.email_unavailable).';
comment on function public.activate_my_staff_account is
  'Completes the caller''s invitation: refused to tenant members; needs a password and a TOTP factor set after the invitation, at aal2.';
comment on function public.staff_lockouts is
  'Staff currently locked out, per account and sign-in source, with when each lock ends (staff.manage).';
comment on function public.unlock_staff is
  'Lifts every lock-out of a staff member, from every source (staff.manage, with a reason; audited).';
comment on function public.create_tenant is
  'Creates a draft tenant (tenants.write): slug, names, country, region, currency and locale from the reference lists, text within its maximum lengths.';
comment on function public.start_impersonation is
  'Starts a read-only or full impersonation of one tenant for 1-30 minutes with a reason (impersonate.start; full needs impersonate.full).';
comment on function public.transition_order is
  'Moves an order to another stage of its workflow: the caller''s right first, then the transition, the member''s role and the guards; answers the allowed next stages.';
comment on function public.validate_workflow is
  'Validates a workflow definition (size caps, then reachability, terminal stages, transitions) in n log n; one heavy call per caller at a time.';
comment on function public.create_workflow_template is
  'Creates a workflow template with an empty draft (workflows.write; code and name within their limits).';
comment on function public.save_workflow_draft is
  'Saves the draft of a workflow template (workflows.write); the definition is size-capped and validated.';
comment on function public.publish_workflow_template is
  'Publishes the draft as a new immutable version with a note (workflows.write); refuses a broken workflow, naming each problem.';
comment on function public.set_tenant_workflow_override is
  'Sets a tenant''s patch over its workflow version (tenant owner/admin, full impersonation or workflows.write); the patch is size-capped and checked before the tenant''s state.';
comment on function public.save_flag is
  'Creates or edits a feature flag and its rules (flags.write, with a reason); the definition is size-capped.';
comment on function public.set_flag_killed is
  'Turns a flag''s kill switch on or off (flags.write, with a reason; audited).';
comment on function public.save_plan is
  'Creates or edits a plan (plans.write): a plan with subscribers gets a new version; the audit diff lists exactly the fields that changed.';
comment on function public.create_invoice is
  'Creates a manual draft invoice for a tenant (billing.write): lines with bilingual descriptions, quantities and unit amounts in the currency''s minor unit.';
comment on function public.begin_checkout is
  'Starts paying an invoice through a gateway (tenant owner/admin or billing.write; the right is checked before the invoice is read); one payment per idempotency key.';
comment on function public.attach_checkout is
  'Attaches the gateway''s checkout to a pending payment (service role, from the payments-checkout Edge Function).';
comment on view public.audit_log is
  'The append-only audit log as readers see it: who did what to which entity, the diff, the reason, its chain position (seq) and hash version (audit.read).';
