export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "add_on_features": {
                  Row: {
                    "add_on_code": string,"feature_key": string,"value": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "add_on_code": string,"feature_key": string,"value": NonNullable<Json>
                  }
                  Update: {
                    "add_on_code"?: string,"feature_key"?: string,"value"?: NonNullable<Json>
                  }
                  Relationships: [
                    {
      foreignKeyName: "add_on_features_add_on_code_fkey"
      columns: ["add_on_code"]
isOneToOne: false
      referencedRelation: "add_ons"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "add_on_features_feature_key_fkey"
      columns: ["feature_key"]
isOneToOne: false
      referencedRelation: "features"
      referencedColumns: ["key"]
    }
                  ]
                },"add_ons": {
                  Row: {
                    "code": string,"description": NonNullable<Json>,"name": NonNullable<Json>,"prices": NonNullable<Json>,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"description"?: NonNullable<Json>,"name": NonNullable<Json>,"prices"?: NonNullable<Json>,"status"?: string
                  }
                  Update: {
                    "code"?: string,"description"?: NonNullable<Json>,"name"?: NonNullable<Json>,"prices"?: NonNullable<Json>,"status"?: string
                  }
                  Relationships: [
                    
                  ]
                },"analytics_settings": {
                  Row: {
                    "id": boolean,"reporting_currency": string,"snapshot_retention_days": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"reporting_currency"?: string,"snapshot_retention_days"?: number,"updated_at"?: string
                  }
                  Update: {
                    "id"?: boolean,"reporting_currency"?: string,"snapshot_retention_days"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "analytics_settings_reporting_currency_fkey"
      columns: ["reporting_currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    }
                  ]
                },"api_changelog_entries": {
                  Row: {
                    "body": NonNullable<Json>,"created_at": string,"created_by": string | null,"id": string,"kind": string,"published_on": string,"retract_reason": string | null,"retracted_at": string | null,"retracted_by": string | null,"title": NonNullable<Json>,"updated_at": string,"updated_by": string | null,"version": string
                  }
                  ComputedFields: never
                  Insert: {
                    "body": NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"kind": string,"published_on": string,"retract_reason"?: string | null,"retracted_at"?: string | null,"retracted_by"?: string | null,"title": NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null,"version": string
                  }
                  Update: {
                    "body"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"id"?: string,"kind"?: string,"published_on"?: string,"retract_reason"?: string | null,"retracted_at"?: string | null,"retracted_by"?: string | null,"title"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null,"version"?: string
                  }
                  Relationships: [
                    
                  ]
                },"api_keys": {
                  Row: {
                    "created_at": string,"created_by": string | null,"expires_at": string | null,"id": string,"key_hash": string,"key_prefix": string,"last_used_at": string | null,"name": string,"rate_limit_per_minute": number,"replaced_by": string | null,"revoked_at": string | null,"scopes": (string)[],"tenant_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"id"?: string,"key_hash": string,"key_prefix": string,"last_used_at"?: string | null,"name": string,"rate_limit_per_minute"?: number,"replaced_by"?: string | null,"revoked_at"?: string | null,"scopes": (string)[],"tenant_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"expires_at"?: string | null,"id"?: string,"key_hash"?: string,"key_prefix"?: string,"last_used_at"?: string | null,"name"?: string,"rate_limit_per_minute"?: number,"replaced_by"?: string | null,"revoked_at"?: string | null,"scopes"?: (string)[],"tenant_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "api_keys_replaced_by_fkey"
      columns: ["replaced_by"]
isOneToOne: false
      referencedRelation: "api_keys"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "api_keys_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"auth_lockout_policy": {
                  Row: {
                    "id": boolean,"lock_minutes": number,"max_failures": number,"tenant_base_delay_seconds": number,"tenant_free_failures": number,"tenant_max_delay_minutes": number,"window_minutes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"lock_minutes"?: number,"max_failures"?: number,"tenant_base_delay_seconds"?: number,"tenant_free_failures"?: number,"tenant_max_delay_minutes"?: number,"window_minutes"?: number
                  }
                  Update: {
                    "id"?: boolean,"lock_minutes"?: number,"max_failures"?: number,"tenant_base_delay_seconds"?: number,"tenant_free_failures"?: number,"tenant_max_delay_minutes"?: number,"window_minutes"?: number
                  }
                  Relationships: [
                    
                  ]
                },"billing_profiles": {
                  Row: {
                    "address": NonNullable<Json>,"balance": number,"billing_email": string | null,"legal_name": string | null,"preferred_gateway": string,"tax_note": Json | null,"tax_registration_number": string | null,"tax_treatment": string,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: NonNullable<Json>,"balance"?: number,"billing_email"?: string | null,"legal_name"?: string | null,"preferred_gateway"?: string,"tax_note"?: Json | null,"tax_registration_number"?: string | null,"tax_treatment"?: string,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "address"?: NonNullable<Json>,"balance"?: number,"billing_email"?: string | null,"legal_name"?: string | null,"preferred_gateway"?: string,"tax_note"?: Json | null,"tax_registration_number"?: string | null,"tax_treatment"?: string,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "billing_profiles_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"catalog_entries": {
                  Row: {
                    "active": boolean,"attributes": NonNullable<Json>,"code": string,"colour": string | null,"description": NonNullable<Json>,"family": string,"icon": string | null,"id": string,"name": NonNullable<Json>,"retired_at": string | null,"sort_order": number,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "active"?: boolean,"attributes"?: NonNullable<Json>,"code": string,"colour"?: string | null,"description"?: NonNullable<Json>,"family": string,"icon"?: string | null,"id"?: string,"name": NonNullable<Json>,"retired_at"?: string | null,"sort_order"?: number,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "active"?: boolean,"attributes"?: NonNullable<Json>,"code"?: string,"colour"?: string | null,"description"?: NonNullable<Json>,"family"?: string,"icon"?: string | null,"id"?: string,"name"?: NonNullable<Json>,"retired_at"?: string | null,"sort_order"?: number,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "catalog_entries_family_fkey"
      columns: ["family"]
isOneToOne: false
      referencedRelation: "catalog_families"
      referencedColumns: ["code"]
    }
                  ]
                },"catalog_families": {
                  Row: {
                    "code": string,"has_colour": boolean,"has_icon": boolean,"name": NonNullable<Json>,"sort_order": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"has_colour"?: boolean,"has_icon"?: boolean,"name": NonNullable<Json>,"sort_order": number
                  }
                  Update: {
                    "code"?: string,"has_colour"?: boolean,"has_icon"?: boolean,"name"?: NonNullable<Json>,"sort_order"?: number
                  }
                  Relationships: [
                    
                  ]
                },"catalog_price_suggestions": {
                  Row: {
                    "currency": string,"item_code": string,"price": number,"service_code": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "currency": string,"item_code": string,"price": number,"service_code": string,"updated_at"?: string
                  }
                  Update: {
                    "currency"?: string,"item_code"?: string,"price"?: number,"service_code"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "catalog_price_suggestions_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    }
                  ]
                },"catalog_release_entries": {
                  Row: {
                    "active": boolean,"attributes": NonNullable<Json>,"code": string,"colour": string | null,"description": NonNullable<Json>,"entry_hash": string,"family": string,"icon": string | null,"name": NonNullable<Json>,"release_no": number,"retired": boolean,"sort_order": number
                  }
                  ComputedFields: never
                  Insert: {
                    "active": boolean,"attributes": NonNullable<Json>,"code": string,"colour"?: string | null,"description": NonNullable<Json>,"entry_hash": string,"family": string,"icon"?: string | null,"name": NonNullable<Json>,"release_no": number,"retired": boolean,"sort_order": number
                  }
                  Update: {
                    "active"?: boolean,"attributes"?: NonNullable<Json>,"code"?: string,"colour"?: string | null,"description"?: NonNullable<Json>,"entry_hash"?: string,"family"?: string,"icon"?: string | null,"name"?: NonNullable<Json>,"release_no"?: number,"retired"?: boolean,"sort_order"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "catalog_release_entries_family_fkey"
      columns: ["family"]
isOneToOne: false
      referencedRelation: "catalog_families"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "catalog_release_entries_release_no_fkey"
      columns: ["release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    }
                  ]
                },"catalog_releases": {
                  Row: {
                    "changelog": NonNullable<Json>,"entry_count": number,"notes": string,"published_at": string,"published_by": string | null,"release_no": number
                  }
                  ComputedFields: never
                  Insert: {
                    "changelog": NonNullable<Json>,"entry_count": number,"notes"?: string,"published_at"?: string,"published_by"?: string | null,"release_no": number
                  }
                  Update: {
                    "changelog"?: NonNullable<Json>,"entry_count"?: number,"notes"?: string,"published_at"?: string,"published_by"?: string | null,"release_no"?: number
                  }
                  Relationships: [
                    
                  ]
                },"countries": {
                  Row: {
                    "code": string,"currency": string,"name": NonNullable<Json>,"region": string
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"currency": string,"name": NonNullable<Json>,"region": string
                  }
                  Update: {
                    "code"?: string,"currency"?: string,"name"?: NonNullable<Json>,"region"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "countries_region_fkey"
      columns: ["region"]
isOneToOne: false
      referencedRelation: "regions"
      referencedColumns: ["code"]
    }
                  ]
                },"coupon_redemptions": {
                  Row: {
                    "coupon_id": string,"ended_at": string | null,"id": string,"periods_applied": number,"redeemed_at": string,"subscription_id": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "coupon_id": string,"ended_at"?: string | null,"id"?: string,"periods_applied"?: number,"redeemed_at"?: string,"subscription_id": string,"tenant_id": string
                  }
                  Update: {
                    "coupon_id"?: string,"ended_at"?: string | null,"id"?: string,"periods_applied"?: number,"redeemed_at"?: string,"subscription_id"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "coupon_redemptions_coupon_id_fkey"
      columns: ["coupon_id"]
isOneToOne: false
      referencedRelation: "coupons"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "coupon_redemptions_subscription_id_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "coupon_redemptions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"coupons": {
                  Row: {
                    "amount_off": number | null,"code": string,"created_at": string,"created_by": string | null,"currency": string | null,"duration": string,"duration_periods": number | null,"expires_at": string | null,"id": string,"kind": string,"max_redemptions": number | null,"name": NonNullable<Json>,"percent_off": number | null,"plan_codes": (string)[] | null,"status": string,"times_redeemed": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount_off"?: number | null,"code": string,"created_at"?: string,"created_by"?: string | null,"currency"?: string | null,"duration": string,"duration_periods"?: number | null,"expires_at"?: string | null,"id"?: string,"kind": string,"max_redemptions"?: number | null,"name": NonNullable<Json>,"percent_off"?: number | null,"plan_codes"?: (string)[] | null,"status"?: string,"times_redeemed"?: number
                  }
                  Update: {
                    "amount_off"?: number | null,"code"?: string,"created_at"?: string,"created_by"?: string | null,"currency"?: string | null,"duration"?: string,"duration_periods"?: number | null,"expires_at"?: string | null,"id"?: string,"kind"?: string,"max_redemptions"?: number | null,"name"?: NonNullable<Json>,"percent_off"?: number | null,"plan_codes"?: (string)[] | null,"status"?: string,"times_redeemed"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "coupons_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    }
                  ]
                },"credit_notes": {
                  Row: {
                    "amount": number,"created_at": string,"created_by": string | null,"currency": string,"id": string,"invoice_id": string,"method": string,"number": string,"reason": string,"status": string,"tax_amount": number,"tenant_id": string,"total": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"created_at"?: string,"created_by"?: string | null,"currency": string,"id"?: string,"invoice_id": string,"method": string,"number": string,"reason": string,"status"?: string,"tax_amount"?: number,"tenant_id": string,"total": number
                  }
                  Update: {
                    "amount"?: number,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"id"?: string,"invoice_id"?: string,"method"?: string,"number"?: string,"reason"?: string,"status"?: string,"tax_amount"?: number,"tenant_id"?: string,"total"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "credit_notes_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "credit_notes_invoice_id_fkey"
      columns: ["invoice_id"]
isOneToOne: false
      referencedRelation: "invoices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "credit_notes_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"currencies": {
                  Row: {
                    "code": string,"minor_unit": number,"name": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"minor_unit": number,"name": NonNullable<Json>
                  }
                  Update: {
                    "code"?: string,"minor_unit"?: number,"name"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"customer_balance_transactions": {
                  Row: {
                    "amount": number,"created_at": string,"credit_note_id": string | null,"currency": string,"id": number,"invoice_id": string | null,"payment_id": string | null,"reason": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"created_at"?: string,"credit_note_id"?: string | null,"currency": string,"id"?: never,"invoice_id"?: string | null,"payment_id"?: string | null,"reason": string,"tenant_id": string
                  }
                  Update: {
                    "amount"?: number,"created_at"?: string,"credit_note_id"?: string | null,"currency"?: string,"id"?: never,"invoice_id"?: string | null,"payment_id"?: string | null,"reason"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "customer_balance_transactions_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "customer_balance_transactions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"default_tenant_settings": {
                  Row: {
                    "id": boolean,"settings": NonNullable<Json>,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"settings": NonNullable<Json>,"version"?: number
                  }
                  Update: {
                    "id"?: boolean,"settings"?: NonNullable<Json>,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"dunning_cases": {
                  Row: {
                    "closed_at": string | null,"due_date": string | null,"held_subscription": boolean,"held_tenant": boolean,"id": string,"invoice_id": string,"last_result": string | null,"next_action": string | null,"next_action_at": string | null,"opened_at": string,"reminders_sent": number,"retries_done": number,"stage": string,"subscription_id": string | null,"tenant_id": string,"timezone": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "closed_at"?: string | null,"due_date"?: string | null,"held_subscription"?: boolean,"held_tenant"?: boolean,"id"?: string,"invoice_id": string,"last_result"?: string | null,"next_action"?: string | null,"next_action_at"?: string | null,"opened_at"?: string,"reminders_sent"?: number,"retries_done"?: number,"stage": string,"subscription_id"?: string | null,"tenant_id": string,"timezone"?: string | null
                  }
                  Update: {
                    "closed_at"?: string | null,"due_date"?: string | null,"held_subscription"?: boolean,"held_tenant"?: boolean,"id"?: string,"invoice_id"?: string,"last_result"?: string | null,"next_action"?: string | null,"next_action_at"?: string | null,"opened_at"?: string,"reminders_sent"?: number,"retries_done"?: number,"stage"?: string,"subscription_id"?: string | null,"tenant_id"?: string,"timezone"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "dunning_cases_invoice_id_fkey"
      columns: ["invoice_id"]
isOneToOne: true
      referencedRelation: "invoices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "dunning_cases_subscription_id_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "dunning_cases_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"dunning_events": {
                  Row: {
                    "action": string,"at": string,"case_id": string,"detail": NonNullable<Json>,"id": number,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"at"?: string,"case_id": string,"detail"?: NonNullable<Json>,"id"?: never,"tenant_id": string
                  }
                  Update: {
                    "action"?: string,"at"?: string,"case_id"?: string,"detail"?: NonNullable<Json>,"id"?: never,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "dunning_events_case_id_fkey"
      columns: ["case_id"]
isOneToOne: false
      referencedRelation: "dunning_cases"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "dunning_events_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"dunning_policy": {
                  Row: {
                    "id": number,"past_due_after_days": number,"reminder_days": (number)[],"retry_days": (number)[],"suspend_after_days": number,"uncollectible_after_days": number,"updated_at": string,"warn_after_days": number
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: number,"past_due_after_days"?: number,"reminder_days"?: (number)[],"retry_days"?: (number)[],"suspend_after_days"?: number,"uncollectible_after_days"?: number,"updated_at"?: string,"warn_after_days"?: number
                  }
                  Update: {
                    "id"?: number,"past_due_after_days"?: number,"reminder_days"?: (number)[],"retry_days"?: (number)[],"suspend_after_days"?: number,"uncollectible_after_days"?: number,"updated_at"?: string,"warn_after_days"?: number
                  }
                  Relationships: [
                    
                  ]
                },"entitlement_overrides": {
                  Row: {
                    "actor_id": string | null,"created_at": string,"expires_at": string | null,"feature_key": string,"id": string,"kind": string,"reason": string,"removed_at": string | null,"removed_by": string | null,"tenant_id": string,"value": Json | null
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"created_at"?: string,"expires_at"?: string | null,"feature_key": string,"id"?: string,"kind": string,"reason": string,"removed_at"?: string | null,"removed_by"?: string | null,"tenant_id": string,"value"?: Json | null
                  }
                  Update: {
                    "actor_id"?: string | null,"created_at"?: string,"expires_at"?: string | null,"feature_key"?: string,"id"?: string,"kind"?: string,"reason"?: string,"removed_at"?: string | null,"removed_by"?: string | null,"tenant_id"?: string,"value"?: Json | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "entitlement_overrides_feature_key_fkey"
      columns: ["feature_key"]
isOneToOne: false
      referencedRelation: "features"
      referencedColumns: ["key"]
    },{
      foreignKeyName: "entitlement_overrides_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"exchange_rates": {
                  Row: {
                    "base_currency": string,"created_at": string,"created_by": string | null,"effective_on": string,"quote_currency": string,"rate": number
                  }
                  ComputedFields: never
                  Insert: {
                    "base_currency": string,"created_at"?: string,"created_by"?: string | null,"effective_on": string,"quote_currency": string,"rate": number
                  }
                  Update: {
                    "base_currency"?: string,"created_at"?: string,"created_by"?: string | null,"effective_on"?: string,"quote_currency"?: string,"rate"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "exchange_rates_base_currency_fkey"
      columns: ["base_currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "exchange_rates_quote_currency_fkey"
      columns: ["quote_currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    }
                  ]
                },"feature_flags": {
                  Row: {
                    "default_enabled": boolean,"description": NonNullable<Json>,"key": string,"killed": boolean,"rules": NonNullable<Json>,"updated_at": string,"updated_by": string | null,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "default_enabled"?: boolean,"description"?: NonNullable<Json>,"key": string,"killed"?: boolean,"rules"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null,"version"?: number
                  }
                  Update: {
                    "default_enabled"?: boolean,"description"?: NonNullable<Json>,"key"?: string,"killed"?: boolean,"rules"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"features": {
                  Row: {
                    "default_limit_type": string | null,"default_value": NonNullable<Json>,"description": NonNullable<Json>,"enum_values": (string)[] | null,"kept_when": string,"key": string,"module_code": string | null,"name": NonNullable<Json>,"period": string | null,"sort_order": number,"type": string,"unit": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "default_limit_type"?: string | null,"default_value": NonNullable<Json>,"description"?: NonNullable<Json>,"enum_values"?: (string)[] | null,"kept_when"?: string,"key": string,"module_code"?: string | null,"name": NonNullable<Json>,"period"?: string | null,"sort_order"?: number,"type": string,"unit"?: string | null
                  }
                  Update: {
                    "default_limit_type"?: string | null,"default_value"?: NonNullable<Json>,"description"?: NonNullable<Json>,"enum_values"?: (string)[] | null,"kept_when"?: string,"key"?: string,"module_code"?: string | null,"name"?: NonNullable<Json>,"period"?: string | null,"sort_order"?: number,"type"?: string,"unit"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "features_module_code_fkey"
      columns: ["module_code"]
isOneToOne: false
      referencedRelation: "modules"
      referencedColumns: ["code"]
    }
                  ]
                },"gateway_accounts": {
                  Row: {
                    "active": boolean,"created_at": string,"environment": string,"gateway": string,"id": string,"merchant_ref": string | null,"secret_name": string,"tenant_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "active"?: boolean,"created_at"?: string,"environment"?: string,"gateway": string,"id"?: string,"merchant_ref"?: string | null,"secret_name": string,"tenant_id"?: string | null
                  }
                  Update: {
                    "active"?: boolean,"created_at"?: string,"environment"?: string,"gateway"?: string,"id"?: string,"merchant_ref"?: string | null,"secret_name"?: string,"tenant_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "gateway_accounts_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"impersonations": {
                  Row: {
                    "end_reason": string | null,"ended_at": string | null,"expires_at": string,"id": string,"mode": string,"reason": string,"staff_id": string,"started_at": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "end_reason"?: string | null,"ended_at"?: string | null,"expires_at": string,"id"?: string,"mode": string,"reason": string,"staff_id": string,"started_at"?: string,"tenant_id": string
                  }
                  Update: {
                    "end_reason"?: string | null,"ended_at"?: string | null,"expires_at"?: string,"id"?: string,"mode"?: string,"reason"?: string,"staff_id"?: string,"started_at"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "impersonations_staff_id_fkey"
      columns: ["staff_id"]
isOneToOne: false
      referencedRelation: "platform_staff"
      referencedColumns: ["user_id"]
    },{
      foreignKeyName: "impersonations_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"integration_event_types": {
                  Row: {
                    "description": NonNullable<Json>,"payload_schema": NonNullable<Json>,"sample": NonNullable<Json>,"type": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "description": NonNullable<Json>,"payload_schema": NonNullable<Json>,"sample": NonNullable<Json>,"type": string,"version"?: number
                  }
                  Update: {
                    "description"?: NonNullable<Json>,"payload_schema"?: NonNullable<Json>,"sample"?: NonNullable<Json>,"type"?: string,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"integration_events": {
                  Row: {
                    "id": string,"occurred_at": string,"payload": NonNullable<Json>,"tenant_id": string | null,"type": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: string,"occurred_at"?: string,"payload": NonNullable<Json>,"tenant_id"?: string | null,"type": string,"version"?: number
                  }
                  Update: {
                    "id"?: string,"occurred_at"?: string,"payload"?: NonNullable<Json>,"tenant_id"?: string | null,"type"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "integration_events_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "integration_events_type_version_fkey"
      columns: ["type","version"]
isOneToOne: false
      referencedRelation: "integration_event_types"
      referencedColumns: ["type","version"]
    }
                  ]
                },"invoice_lines": {
                  Row: {
                    "amount": number,"description": NonNullable<Json>,"discount_amount": number,"id": string,"invoice_id": string,"kind": string,"period_end": string | null,"period_start": string | null,"position": number,"quantity": number,"source": NonNullable<Json>,"tax_amount": number,"tenant_id": string,"unit_amount": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"description": NonNullable<Json>,"discount_amount"?: number,"id"?: string,"invoice_id": string,"kind": string,"period_end"?: string | null,"period_start"?: string | null,"position": number,"quantity"?: number,"source"?: NonNullable<Json>,"tax_amount"?: number,"tenant_id": string,"unit_amount": number
                  }
                  Update: {
                    "amount"?: number,"description"?: NonNullable<Json>,"discount_amount"?: number,"id"?: string,"invoice_id"?: string,"kind"?: string,"period_end"?: string | null,"period_start"?: string | null,"position"?: number,"quantity"?: number,"source"?: NonNullable<Json>,"tax_amount"?: number,"tenant_id"?: string,"unit_amount"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "invoice_lines_invoice_id_fkey"
      columns: ["invoice_id"]
isOneToOne: false
      referencedRelation: "invoices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "invoice_lines_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"invoices": {
                  Row: {
                    "amount_credited": number,"amount_due": number,"amount_paid": number,"balance_applied": number,"billing_reason": string,"billing_year": number | null,"created_at": string,"created_by": string | null,"currency": string,"discount_total": number,"due_date": string | null,"finalized_at": string | null,"id": string,"idempotency_key": string | null,"issue_date": string | null,"memo": string | null,"number": string | null,"paid_at": string | null,"period_end": string | null,"period_start": string | null,"seller": Json | null,"status": string,"subscription_id": string | null,"subtotal": number,"tax_country": string,"tax_note": Json | null,"tax_rate": number,"tax_registration_number": string | null,"tax_total": number,"tax_treatment": string,"tenant_id": string,"timezone": string,"total": number,"uncollectible_at": string | null,"updated_at": string,"voided_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "amount_credited"?: number,"amount_due"?: number,"amount_paid"?: number,"balance_applied"?: number,"billing_reason": string,"billing_year"?: number | null,"created_at"?: string,"created_by"?: string | null,"currency": string,"discount_total"?: number,"due_date"?: string | null,"finalized_at"?: string | null,"id"?: string,"idempotency_key"?: string | null,"issue_date"?: string | null,"memo"?: string | null,"number"?: string | null,"paid_at"?: string | null,"period_end"?: string | null,"period_start"?: string | null,"seller"?: Json | null,"status"?: string,"subscription_id"?: string | null,"subtotal"?: number,"tax_country": string,"tax_note"?: Json | null,"tax_rate"?: number,"tax_registration_number"?: string | null,"tax_total"?: number,"tax_treatment"?: string,"tenant_id": string,"timezone": string,"total"?: number,"uncollectible_at"?: string | null,"updated_at"?: string,"voided_at"?: string | null
                  }
                  Update: {
                    "amount_credited"?: number,"amount_due"?: number,"amount_paid"?: number,"balance_applied"?: number,"billing_reason"?: string,"billing_year"?: number | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"discount_total"?: number,"due_date"?: string | null,"finalized_at"?: string | null,"id"?: string,"idempotency_key"?: string | null,"issue_date"?: string | null,"memo"?: string | null,"number"?: string | null,"paid_at"?: string | null,"period_end"?: string | null,"period_start"?: string | null,"seller"?: Json | null,"status"?: string,"subscription_id"?: string | null,"subtotal"?: number,"tax_country"?: string,"tax_note"?: Json | null,"tax_rate"?: number,"tax_registration_number"?: string | null,"tax_total"?: number,"tax_treatment"?: string,"tenant_id"?: string,"timezone"?: string,"total"?: number,"uncollectible_at"?: string | null,"updated_at"?: string,"voided_at"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "invoices_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "invoices_subscription_id_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "invoices_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"lifecycle_calendar_actions": {
                  Row: {
                    "action": string,"at": string,"detail": NonNullable<Json>,"from_status": string,"id": number,"status_history_id": number | null,"tenant_id": string,"to_status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"at"?: string,"detail"?: NonNullable<Json>,"from_status": string,"id"?: never,"status_history_id"?: number | null,"tenant_id": string,"to_status": string
                  }
                  Update: {
                    "action"?: string,"at"?: string,"detail"?: NonNullable<Json>,"from_status"?: string,"id"?: never,"status_history_id"?: number | null,"tenant_id"?: string,"to_status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "lifecycle_calendar_actions_status_history_id_fkey"
      columns: ["status_history_id"]
isOneToOne: false
      referencedRelation: "tenant_status_history"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "lifecycle_calendar_actions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"lifecycle_calendar_policy": {
                  Row: {
                    "id": boolean,"trial_grace_days": number,"trial_reminder_days": (number)[],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"trial_grace_days"?: number,"trial_reminder_days"?: (number)[],"updated_at"?: string
                  }
                  Update: {
                    "id"?: boolean,"trial_grace_days"?: number,"trial_reminder_days"?: (number)[],"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"limit_breaches": {
                  Row: {
                    "amount": number | null,"billed_at": string | null,"created_at": string,"currency": string | null,"feature_key": string,"id": number,"limit_type": string,"limit_value": number,"outcome": string,"overage_units": number,"period_start": string,"requested": number,"tenant_id": string,"unit_price": number | null,"used_before": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount"?: number | null,"billed_at"?: string | null,"created_at"?: string,"currency"?: string | null,"feature_key": string,"id"?: never,"limit_type": string,"limit_value": number,"outcome": string,"overage_units"?: number,"period_start": string,"requested": number,"tenant_id": string,"unit_price"?: number | null,"used_before": number
                  }
                  Update: {
                    "amount"?: number | null,"billed_at"?: string | null,"created_at"?: string,"currency"?: string | null,"feature_key"?: string,"id"?: never,"limit_type"?: string,"limit_value"?: number,"outcome"?: string,"overage_units"?: number,"period_start"?: string,"requested"?: number,"tenant_id"?: string,"unit_price"?: number | null,"used_before"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "limit_breaches_feature_key_fkey"
      columns: ["feature_key"]
isOneToOne: false
      referencedRelation: "features"
      referencedColumns: ["key"]
    },{
      foreignKeyName: "limit_breaches_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"locales": {
                  Row: {
                    "code": string,"direction": string,"name": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"direction": string,"name": NonNullable<Json>
                  }
                  Update: {
                    "code"?: string,"direction"?: string,"name"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"maintenance_windows": {
                  Row: {
                    "created_at": string,"created_by": string | null,"end_reason": string | null,"ended_at": string | null,"ended_by": string | null,"ends_at": string | null,"id": string,"message": NonNullable<Json>,"reason": string,"region": string | null,"starts_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"end_reason"?: string | null,"ended_at"?: string | null,"ended_by"?: string | null,"ends_at"?: string | null,"id"?: string,"message": NonNullable<Json>,"reason": string,"region"?: string | null,"starts_at": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"end_reason"?: string | null,"ended_at"?: string | null,"ended_by"?: string | null,"ends_at"?: string | null,"id"?: string,"message"?: NonNullable<Json>,"reason"?: string,"region"?: string | null,"starts_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "maintenance_windows_region_fkey"
      columns: ["region"]
isOneToOne: false
      referencedRelation: "regions"
      referencedColumns: ["code"]
    }
                  ]
                },"modules": {
                  Row: {
                    "code": string,"description": NonNullable<Json>,"name": NonNullable<Json>,"sort_order": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"description"?: NonNullable<Json>,"name": NonNullable<Json>,"sort_order"?: number
                  }
                  Update: {
                    "code"?: string,"description"?: NonNullable<Json>,"name"?: NonNullable<Json>,"sort_order"?: number
                  }
                  Relationships: [
                    
                  ]
                },"mrr_movements": {
                  Row: {
                    "at": string,"currency": string,"id": number,"kind": string,"mrr_after": number,"mrr_before": number,"subscription_id": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "at": string,"currency": string,"id"?: never,"kind": string,"mrr_after": number,"mrr_before": number,"subscription_id": string,"tenant_id": string
                  }
                  Update: {
                    "at"?: string,"currency"?: string,"id"?: never,"kind"?: string,"mrr_after"?: number,"mrr_before"?: number,"subscription_id"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "mrr_movements_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "mrr_movements_subscription_id_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "mrr_movements_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"notification_channels": {
                  Row: {
                    "channel": string,"enabled": boolean,"provider": string,"quiet_end": string | null,"quiet_start": string | null,"sender": string
                  }
                  ComputedFields: never
                  Insert: {
                    "channel": string,"enabled"?: boolean,"provider": string,"quiet_end"?: string | null,"quiet_start"?: string | null,"sender": string
                  }
                  Update: {
                    "channel"?: string,"enabled"?: boolean,"provider"?: string,"quiet_end"?: string | null,"quiet_start"?: string | null,"sender"?: string
                  }
                  Relationships: [
                    
                  ]
                },"notification_events": {
                  Row: {
                    "audience": string,"category": string,"channels": (string)[],"description": NonNullable<Json>,"event": string,"sample": NonNullable<Json>,"variables": (string)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "audience": string,"category": string,"channels": (string)[],"description": NonNullable<Json>,"event": string,"sample": NonNullable<Json>,"variables": (string)[]
                  }
                  Update: {
                    "audience"?: string,"category"?: string,"channels"?: (string)[],"description"?: NonNullable<Json>,"event"?: string,"sample"?: NonNullable<Json>,"variables"?: (string)[]
                  }
                  Relationships: [
                    
                  ]
                },"notification_outbox": {
                  Row: {
                    "address": string | null,"attempts": number,"body_html": string | null,"body_text": string,"category": string,"channel": string,"created_at": string,"delivered_at": string | null,"event": string,"event_key": string,"id": string,"idempotency_key": string,"last_error": string | null,"last_receipt": Json | null,"locale": string,"max_attempts": number,"next_attempt_at": string,"provider": string | null,"provider_message_id": string | null,"read_at": string | null,"recipient_kind": string,"recipient_ref": string,"retries": number,"sent_at": string | null,"status": string,"status_reason": string | null,"subject": string | null,"template_version": number,"tenant_id": string | null,"trace_id": string | null,"unsubscribe_token": string | null,"updated_at": string,"variables": NonNullable<Json>,"whatsapp_parameters": Json | null,"whatsapp_template": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: string | null,"attempts"?: number,"body_html"?: string | null,"body_text": string,"category": string,"channel": string,"created_at"?: string,"delivered_at"?: string | null,"event": string,"event_key": string,"id"?: string,"idempotency_key": string,"last_error"?: string | null,"last_receipt"?: Json | null,"locale": string,"max_attempts"?: number,"next_attempt_at"?: string,"provider"?: string | null,"provider_message_id"?: string | null,"read_at"?: string | null,"recipient_kind": string,"recipient_ref": string,"retries"?: number,"sent_at"?: string | null,"status"?: string,"status_reason"?: string | null,"subject"?: string | null,"template_version": number,"tenant_id"?: string | null,"trace_id"?: string | null,"unsubscribe_token"?: string | null,"updated_at"?: string,"variables"?: NonNullable<Json>,"whatsapp_parameters"?: Json | null,"whatsapp_template"?: string | null
                  }
                  Update: {
                    "address"?: string | null,"attempts"?: number,"body_html"?: string | null,"body_text"?: string,"category"?: string,"channel"?: string,"created_at"?: string,"delivered_at"?: string | null,"event"?: string,"event_key"?: string,"id"?: string,"idempotency_key"?: string,"last_error"?: string | null,"last_receipt"?: Json | null,"locale"?: string,"max_attempts"?: number,"next_attempt_at"?: string,"provider"?: string | null,"provider_message_id"?: string | null,"read_at"?: string | null,"recipient_kind"?: string,"recipient_ref"?: string,"retries"?: number,"sent_at"?: string | null,"status"?: string,"status_reason"?: string | null,"subject"?: string | null,"template_version"?: number,"tenant_id"?: string | null,"trace_id"?: string | null,"unsubscribe_token"?: string | null,"updated_at"?: string,"variables"?: NonNullable<Json>,"whatsapp_parameters"?: Json | null,"whatsapp_template"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "notification_outbox_event_fkey"
      columns: ["event"]
isOneToOne: false
      referencedRelation: "notification_events"
      referencedColumns: ["event"]
    },{
      foreignKeyName: "notification_outbox_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"notification_preferences": {
                  Row: {
                    "category": string,"channel": string,"enabled": boolean,"recipient_kind": string,"recipient_ref": string,"source": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "category": string,"channel": string,"enabled": boolean,"recipient_kind": string,"recipient_ref": string,"source"?: string,"updated_at"?: string
                  }
                  Update: {
                    "category"?: string,"channel"?: string,"enabled"?: boolean,"recipient_kind"?: string,"recipient_ref"?: string,"source"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"notification_suppressions": {
                  Row: {
                    "address": string,"channel": string,"created_at": string,"detail": string | null,"outbox_id": string | null,"provider": string | null,"reason": string
                  }
                  ComputedFields: never
                  Insert: {
                    "address": string,"channel": string,"created_at"?: string,"detail"?: string | null,"outbox_id"?: string | null,"provider"?: string | null,"reason": string
                  }
                  Update: {
                    "address"?: string,"channel"?: string,"created_at"?: string,"detail"?: string | null,"outbox_id"?: string | null,"provider"?: string | null,"reason"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notification_suppressions_outbox_id_fkey"
      columns: ["outbox_id"]
isOneToOne: false
      referencedRelation: "notification_outbox"
      referencedColumns: ["id"]
    }
                  ]
                },"notification_templates": {
                  Row: {
                    "body_html": string | null,"body_text": string,"channel": string,"created_at": string | null,"created_by": string | null,"event": string,"locale": string,"subject": string | null,"version": number,"whatsapp_parameters": (string)[] | null,"whatsapp_template": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "body_html"?: string | null,"body_text": string,"channel": string,"created_at"?: string | null,"created_by"?: string | null,"event": string,"locale": string,"subject"?: string | null,"version": number,"whatsapp_parameters"?: (string)[] | null,"whatsapp_template"?: string | null
                  }
                  Update: {
                    "body_html"?: string | null,"body_text"?: string,"channel"?: string,"created_at"?: string | null,"created_by"?: string | null,"event"?: string,"locale"?: string,"subject"?: string | null,"version"?: number,"whatsapp_parameters"?: (string)[] | null,"whatsapp_template"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "notification_templates_event_fkey"
      columns: ["event"]
isOneToOne: false
      referencedRelation: "notification_events"
      referencedColumns: ["event"]
    }
                  ]
                },"order_items": {
                  Row: {
                    "amount": number,"catalog_release_no": number,"colour_code": string | null,"created_at": string,"created_by": string | null,"fabric_code": string | null,"id": string,"item_code": string,"note": string | null,"order_id": string,"preferences": (string)[],"quantity": number,"service_code": string,"stain_codes": (string)[],"tenant_id": string,"unit_price": number
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"catalog_release_no": number,"colour_code"?: string | null,"created_at"?: string,"created_by"?: string | null,"fabric_code"?: string | null,"id"?: string,"item_code": string,"note"?: string | null,"order_id": string,"preferences"?: (string)[],"quantity": number,"service_code": string,"stain_codes"?: (string)[],"tenant_id": string,"unit_price": number
                  }
                  Update: {
                    "amount"?: number,"catalog_release_no"?: number,"colour_code"?: string | null,"created_at"?: string,"created_by"?: string | null,"fabric_code"?: string | null,"id"?: string,"item_code"?: string,"note"?: string | null,"order_id"?: string,"preferences"?: (string)[],"quantity"?: number,"service_code"?: string,"stain_codes"?: (string)[],"tenant_id"?: string,"unit_price"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "order_items_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_items_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"order_payments": {
                  Row: {
                    "amount": number,"currency": string,"id": string,"impersonation_id": string | null,"order_id": string,"overpayment": boolean,"recorded_at": string,"recorded_by": string | null,"reference": string | null,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"currency": string,"id"?: string,"impersonation_id"?: string | null,"order_id": string,"overpayment"?: boolean,"recorded_at"?: string,"recorded_by"?: string | null,"reference"?: string | null,"tenant_id": string
                  }
                  Update: {
                    "amount"?: number,"currency"?: string,"id"?: string,"impersonation_id"?: string | null,"order_id"?: string,"overpayment"?: boolean,"recorded_at"?: string,"recorded_by"?: string | null,"reference"?: string | null,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "order_payments_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_payments_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"order_transitions": {
                  Row: {
                    "actor_id": string | null,"actor_role": string | null,"at": string,"duration_seconds": number | null,"from_stage": string | null,"id": number,"impersonation_id": string | null,"note": string | null,"order_id": string,"sla_breached": boolean,"sla_minutes": number | null,"template_id": string,"tenant_id": string,"to_stage": string,"version_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"actor_role"?: string | null,"at": string,"duration_seconds"?: number | null,"from_stage"?: string | null,"id"?: never,"impersonation_id"?: string | null,"note"?: string | null,"order_id": string,"sla_breached"?: boolean,"sla_minutes"?: number | null,"template_id": string,"tenant_id": string,"to_stage": string,"version_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"actor_role"?: string | null,"at"?: string,"duration_seconds"?: number | null,"from_stage"?: string | null,"id"?: never,"impersonation_id"?: string | null,"note"?: string | null,"order_id"?: string,"sla_breached"?: boolean,"sla_minutes"?: number | null,"template_id"?: string,"tenant_id"?: string,"to_stage"?: string,"version_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "order_transitions_order_id_fkey"
      columns: ["order_id"]
isOneToOne: false
      referencedRelation: "orders"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_transitions_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_transitions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "order_transitions_version_id_fkey"
      columns: ["version_id"]
isOneToOne: false
      referencedRelation: "workflow_versions"
      referencedColumns: ["id"]
    }
                  ]
                },"orders": {
                  Row: {
                    "amount_paid": number,"amount_total": number,"created_at": string,"created_by": string | null,"currency": string,"current_stage": string,"customer_name": string,"customer_phone": string | null,"id": string,"invoice_number": string | null,"items_count": number,"number": string,"paid": boolean,"phone_digits": string | null,"proof_of_delivery": boolean,"scan_status": string,"service_category": string,"stage_entered_at": string,"template_id": string,"tenant_id": string,"updated_at": string,"version_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount_paid"?: number,"amount_total"?: number,"created_at"?: string,"created_by"?: string | null,"currency": string,"current_stage": string,"customer_name": string,"customer_phone"?: string | null,"id"?: string,"invoice_number"?: string | null,"items_count"?: number,"number": string,"paid"?: boolean,"phone_digits"?: never,"proof_of_delivery"?: boolean,"scan_status"?: string,"service_category": string,"stage_entered_at": string,"template_id": string,"tenant_id": string,"updated_at"?: string,"version_id": string
                  }
                  Update: {
                    "amount_paid"?: number,"amount_total"?: number,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"current_stage"?: string,"customer_name"?: string,"customer_phone"?: string | null,"id"?: string,"invoice_number"?: string | null,"items_count"?: number,"number"?: string,"paid"?: boolean,"phone_digits"?: never,"proof_of_delivery"?: boolean,"scan_status"?: string,"service_category"?: string,"stage_entered_at"?: string,"template_id"?: string,"tenant_id"?: string,"updated_at"?: string,"version_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "orders_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "orders_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "orders_version_id_fkey"
      columns: ["version_id"]
isOneToOne: false
      referencedRelation: "workflow_versions"
      referencedColumns: ["id"]
    }
                  ]
                },"payment_events": {
                  Row: {
                    "amount": number | null,"applied_at": string | null,"attempts": number,"currency": string | null,"event_id": string,"event_type": string,"failure_code": string | null,"failure_message": string | null,"gateway": string,"gateway_account_id": string | null,"id": number,"invoice_id": string | null,"kind": string | null,"last_error": string | null,"object_id": string | null,"occurred_at": string | null,"payload": NonNullable<Json>,"payment_id": string | null,"payment_method": Json | null,"received_at": string,"refund_id": string | null,"status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount"?: number | null,"applied_at"?: string | null,"attempts"?: number,"currency"?: string | null,"event_id": string,"event_type": string,"failure_code"?: string | null,"failure_message"?: string | null,"gateway": string,"gateway_account_id"?: string | null,"id"?: never,"invoice_id"?: string | null,"kind"?: string | null,"last_error"?: string | null,"object_id"?: string | null,"occurred_at"?: string | null,"payload": NonNullable<Json>,"payment_id"?: string | null,"payment_method"?: Json | null,"received_at"?: string,"refund_id"?: string | null,"status"?: string
                  }
                  Update: {
                    "amount"?: number | null,"applied_at"?: string | null,"attempts"?: number,"currency"?: string | null,"event_id"?: string,"event_type"?: string,"failure_code"?: string | null,"failure_message"?: string | null,"gateway"?: string,"gateway_account_id"?: string | null,"id"?: never,"invoice_id"?: string | null,"kind"?: string | null,"last_error"?: string | null,"object_id"?: string | null,"occurred_at"?: string | null,"payload"?: NonNullable<Json>,"payment_id"?: string | null,"payment_method"?: Json | null,"received_at"?: string,"refund_id"?: string | null,"status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "payment_events_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "payment_events_gateway_account_id_fkey"
      columns: ["gateway_account_id"]
isOneToOne: false
      referencedRelation: "gateway_accounts"
      referencedColumns: ["id"]
    }
                  ]
                },"payment_methods": {
                  Row: {
                    "brand": string | null,"created_at": string,"customer_ref": string | null,"exp_month": number | null,"exp_year": number | null,"gateway": string,"id": string,"is_default": boolean,"last4": string | null,"method_ref": string,"payment_id": string | null,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "brand"?: string | null,"created_at"?: string,"customer_ref"?: string | null,"exp_month"?: number | null,"exp_year"?: number | null,"gateway": string,"id"?: string,"is_default"?: boolean,"last4"?: string | null,"method_ref": string,"payment_id"?: string | null,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "brand"?: string | null,"created_at"?: string,"customer_ref"?: string | null,"exp_month"?: number | null,"exp_year"?: number | null,"gateway"?: string,"id"?: string,"is_default"?: boolean,"last4"?: string | null,"method_ref"?: string,"payment_id"?: string | null,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "payment_methods_payment_id_fkey"
      columns: ["payment_id"]
isOneToOne: false
      referencedRelation: "payments"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payment_methods_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"payments": {
                  Row: {
                    "amount": number,"amount_refunded": number,"applied_amount": number,"applied_at": string | null,"applied_to": string | null,"cancelled_at": string | null,"checkout_ref": string | null,"checkout_url": string | null,"created_at": string,"created_by": string | null,"currency": string,"failure_code": string | null,"failure_message": string | null,"gateway": string,"gateway_payment_id": string | null,"id": string,"idempotency_key": string | null,"invoice_id": string | null,"reference": string | null,"reported_amount": number | null,"reported_currency": string | null,"status": string,"tenant_id": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"amount_refunded"?: number,"applied_amount"?: number,"applied_at"?: string | null,"applied_to"?: string | null,"cancelled_at"?: string | null,"checkout_ref"?: string | null,"checkout_url"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency": string,"failure_code"?: string | null,"failure_message"?: string | null,"gateway": string,"gateway_payment_id"?: string | null,"id"?: string,"idempotency_key"?: string | null,"invoice_id"?: string | null,"reference"?: string | null,"reported_amount"?: number | null,"reported_currency"?: string | null,"status": string,"tenant_id"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "amount"?: number,"amount_refunded"?: number,"applied_amount"?: number,"applied_at"?: string | null,"applied_to"?: string | null,"cancelled_at"?: string | null,"checkout_ref"?: string | null,"checkout_url"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"failure_code"?: string | null,"failure_message"?: string | null,"gateway"?: string,"gateway_payment_id"?: string | null,"id"?: string,"idempotency_key"?: string | null,"invoice_id"?: string | null,"reference"?: string | null,"reported_amount"?: number | null,"reported_currency"?: string | null,"status"?: string,"tenant_id"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "payments_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "payments_invoice_id_fkey"
      columns: ["invoice_id"]
isOneToOne: false
      referencedRelation: "invoices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "payments_reported_currency_fkey"
      columns: ["reported_currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "payments_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"permissions": {
                  Row: {
                    "code": string,"description": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"description": NonNullable<Json>
                  }
                  Update: {
                    "code"?: string,"description"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"plan_changes": {
                  Row: {
                    "actor_id": string | null,"created_at": string,"direction": string,"effective": string,"effective_at": string,"from_plan_id": string | null,"id": number,"proration": NonNullable<Json>,"reason": string | null,"status": string,"tenant_id": string,"to_plan_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"created_at"?: string,"direction": string,"effective": string,"effective_at": string,"from_plan_id"?: string | null,"id"?: never,"proration"?: NonNullable<Json>,"reason"?: string | null,"status": string,"tenant_id": string,"to_plan_id": string
                  }
                  Update: {
                    "actor_id"?: string | null,"created_at"?: string,"direction"?: string,"effective"?: string,"effective_at"?: string,"from_plan_id"?: string | null,"id"?: never,"proration"?: NonNullable<Json>,"reason"?: string | null,"status"?: string,"tenant_id"?: string,"to_plan_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "plan_changes_from_plan_id_fkey"
      columns: ["from_plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "plan_changes_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "plan_changes_to_plan_id_fkey"
      columns: ["to_plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    }
                  ]
                },"plan_features": {
                  Row: {
                    "feature_key": string,"limit_type": string | null,"overage_prices": Json | null,"plan_id": string,"value": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "feature_key": string,"limit_type"?: string | null,"overage_prices"?: Json | null,"plan_id": string,"value": NonNullable<Json>
                  }
                  Update: {
                    "feature_key"?: string,"limit_type"?: string | null,"overage_prices"?: Json | null,"plan_id"?: string,"value"?: NonNullable<Json>
                  }
                  Relationships: [
                    {
      foreignKeyName: "plan_features_feature_key_fkey"
      columns: ["feature_key"]
isOneToOne: false
      referencedRelation: "features"
      referencedColumns: ["key"]
    },{
      foreignKeyName: "plan_features_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    }
                  ]
                },"plan_prices": {
                  Row: {
                    "amount": number,"currency": string,"interval": string,"plan_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"currency": string,"interval": string,"plan_id": string
                  }
                  Update: {
                    "amount"?: number,"currency"?: string,"interval"?: string,"plan_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "plan_prices_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    }
                  ]
                },"plans": {
                  Row: {
                    "code": string,"created_at": string,"created_by": string | null,"description": NonNullable<Json>,"id": string,"is_current": boolean,"is_default": boolean,"name": NonNullable<Json>,"status": string,"tier": number,"trial_days": number,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"created_at"?: string,"created_by"?: string | null,"description"?: NonNullable<Json>,"id"?: string,"is_current"?: boolean,"is_default"?: boolean,"name": NonNullable<Json>,"status"?: string,"tier"?: number,"trial_days"?: number,"version"?: number
                  }
                  Update: {
                    "code"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: NonNullable<Json>,"id"?: string,"is_current"?: boolean,"is_default"?: boolean,"name"?: NonNullable<Json>,"status"?: string,"tier"?: number,"trial_days"?: number,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"platform_announcements": {
                  Row: {
                    "body": NonNullable<Json>,"created_at": string,"created_by": string | null,"ends_at": string | null,"id": string,"send_notification": boolean,"severity": string,"starts_at": string,"target_plans": (string)[],"target_regions": (string)[],"target_tenants": (string)[],"title": NonNullable<Json>,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "body": NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"ends_at"?: string | null,"id"?: string,"send_notification"?: boolean,"severity"?: string,"starts_at": string,"target_plans"?: (string)[],"target_regions"?: (string)[],"target_tenants"?: (string)[],"title": NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "body"?: NonNullable<Json>,"created_at"?: string,"created_by"?: string | null,"ends_at"?: string | null,"id"?: string,"send_notification"?: boolean,"severity"?: string,"starts_at"?: string,"target_plans"?: (string)[],"target_regions"?: (string)[],"target_tenants"?: (string)[],"title"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"platform_roles": {
                  Row: {
                    "code": string,"description": NonNullable<Json>,"name": NonNullable<Json>,"read_only": boolean,"sort_order": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"description"?: NonNullable<Json>,"name": NonNullable<Json>,"read_only"?: boolean,"sort_order"?: number
                  }
                  Update: {
                    "code"?: string,"description"?: NonNullable<Json>,"name"?: NonNullable<Json>,"read_only"?: boolean,"sort_order"?: number
                  }
                  Relationships: [
                    
                  ]
                },"platform_setting_definitions": {
                  Row: {
                    "default_value": NonNullable<Json>,"description": NonNullable<Json>,"key": string,"schema": NonNullable<Json>,"sort": number
                  }
                  ComputedFields: never
                  Insert: {
                    "default_value": NonNullable<Json>,"description": NonNullable<Json>,"key": string,"schema": NonNullable<Json>,"sort"?: number
                  }
                  Update: {
                    "default_value"?: NonNullable<Json>,"description"?: NonNullable<Json>,"key"?: string,"schema"?: NonNullable<Json>,"sort"?: number
                  }
                  Relationships: [
                    
                  ]
                },"platform_setting_versions": {
                  Row: {
                    "changed_at": string,"changed_by": string | null,"id": number,"key": string,"reason": string,"value": NonNullable<Json>,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "changed_at"?: string,"changed_by"?: string | null,"id"?: never,"key": string,"reason": string,"value": NonNullable<Json>,"version": number
                  }
                  Update: {
                    "changed_at"?: string,"changed_by"?: string | null,"id"?: never,"key"?: string,"reason"?: string,"value"?: NonNullable<Json>,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "platform_setting_versions_key_fkey"
      columns: ["key"]
isOneToOne: false
      referencedRelation: "platform_setting_definitions"
      referencedColumns: ["key"]
    }
                  ]
                },"platform_staff": {
                  Row: {
                    "created_at": string,"disabled_at": string | null,"disabled_reason": string | null,"display_name": string | null,"email": string,"invited_at": string,"invited_by": string | null,"locale": string,"role_code": string,"status": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"disabled_at"?: string | null,"disabled_reason"?: string | null,"display_name"?: string | null,"email": string,"invited_at"?: string,"invited_by"?: string | null,"locale"?: string,"role_code": string,"status"?: string,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"disabled_at"?: string | null,"disabled_reason"?: string | null,"display_name"?: string | null,"email"?: string,"invited_at"?: string,"invited_by"?: string | null,"locale"?: string,"role_code"?: string,"status"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "platform_staff_role_code_fkey"
      columns: ["role_code"]
isOneToOne: false
      referencedRelation: "platform_roles"
      referencedColumns: ["code"]
    }
                  ]
                },"provisioning_steps": {
                  Row: {
                    "code": string,"description": NonNullable<Json>,"enabled": boolean,"handler": string,"name": NonNullable<Json>,"sort_order": number,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"description"?: NonNullable<Json>,"enabled"?: boolean,"handler": string,"name": NonNullable<Json>,"sort_order": number,"version"?: number
                  }
                  Update: {
                    "code"?: string,"description"?: NonNullable<Json>,"enabled"?: boolean,"handler"?: string,"name"?: NonNullable<Json>,"sort_order"?: number,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"refunds": {
                  Row: {
                    "amount": number,"created_at": string,"credit_note_id": string | null,"currency": string,"failed_at": string | null,"failure_code": string | null,"failure_message": string | null,"gateway": string,"gateway_payment_id": string,"gateway_refund_id": string,"id": string,"invoice_id": string | null,"payment_id": string | null,"reason": string | null,"status": string,"tenant_id": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"created_at"?: string,"credit_note_id"?: string | null,"currency": string,"failed_at"?: string | null,"failure_code"?: string | null,"failure_message"?: string | null,"gateway": string,"gateway_payment_id": string,"gateway_refund_id": string,"id"?: string,"invoice_id"?: string | null,"payment_id"?: string | null,"reason"?: string | null,"status": string,"tenant_id"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "amount"?: number,"created_at"?: string,"credit_note_id"?: string | null,"currency"?: string,"failed_at"?: string | null,"failure_code"?: string | null,"failure_message"?: string | null,"gateway"?: string,"gateway_payment_id"?: string,"gateway_refund_id"?: string,"id"?: string,"invoice_id"?: string | null,"payment_id"?: string | null,"reason"?: string | null,"status"?: string,"tenant_id"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "refunds_credit_note_id_fkey"
      columns: ["credit_note_id"]
isOneToOne: false
      referencedRelation: "credit_notes"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "refunds_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "refunds_invoice_id_fkey"
      columns: ["invoice_id"]
isOneToOne: false
      referencedRelation: "invoices"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "refunds_payment_id_fkey"
      columns: ["payment_id"]
isOneToOne: false
      referencedRelation: "payments"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "refunds_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"regions": {
                  Row: {
                    "code": string,"name": NonNullable<Json>,"sort": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"name": NonNullable<Json>,"sort"?: number
                  }
                  Update: {
                    "code"?: string,"name"?: NonNullable<Json>,"sort"?: number
                  }
                  Relationships: [
                    
                  ]
                },"role_permissions": {
                  Row: {
                    "permission_code": string,"role_code": string
                  }
                  ComputedFields: never
                  Insert: {
                    "permission_code": string,"role_code": string
                  }
                  Update: {
                    "permission_code"?: string,"role_code"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "role_permissions_permission_code_fkey"
      columns: ["permission_code"]
isOneToOne: false
      referencedRelation: "permissions"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "role_permissions_role_code_fkey"
      columns: ["role_code"]
isOneToOne: false
      referencedRelation: "platform_roles"
      referencedColumns: ["code"]
    }
                  ]
                },"sandbox_tenants": {
                  Row: {
                    "created_at": string,"created_by": string | null,"sample": NonNullable<Json>,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"sample"?: NonNullable<Json>,"tenant_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"sample"?: NonNullable<Json>,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "sandbox_tenants_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"seller_profile": {
                  Row: {
                    "address": NonNullable<Json>,"country": string,"id": number,"legal_name": NonNullable<Json>,"tax_registrations": NonNullable<Json>,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "address"?: NonNullable<Json>,"country": string,"id"?: number,"legal_name": NonNullable<Json>,"tax_registrations"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "address"?: NonNullable<Json>,"country"?: string,"id"?: number,"legal_name"?: NonNullable<Json>,"tax_registrations"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"slo_objectives": {
                  Row: {
                    "code": string,"enabled": boolean,"kind": string,"name_ar": string,"name_en": string,"probe_path": string | null,"target": number,"threshold_ms": number | null,"window_days": number
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"enabled"?: boolean,"kind": string,"name_ar": string,"name_en": string,"probe_path"?: string | null,"target": number,"threshold_ms"?: number | null,"window_days"?: number
                  }
                  Update: {
                    "code"?: string,"enabled"?: boolean,"kind"?: string,"name_ar"?: string,"name_en"?: string,"probe_path"?: string | null,"target"?: number,"threshold_ms"?: number | null,"window_days"?: number
                  }
                  Relationships: [
                    
                  ]
                },"subscription_add_ons": {
                  Row: {
                    "add_on_code": string,"created_at": string,"quantity": number,"subscription_id": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "add_on_code": string,"created_at"?: string,"quantity"?: number,"subscription_id": string,"tenant_id": string
                  }
                  Update: {
                    "add_on_code"?: string,"created_at"?: string,"quantity"?: number,"subscription_id"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "subscription_add_ons_add_on_code_fkey"
      columns: ["add_on_code"]
isOneToOne: false
      referencedRelation: "add_ons"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "subscription_add_ons_subscription_id_fkey"
      columns: ["subscription_id"]
isOneToOne: false
      referencedRelation: "subscriptions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "subscription_add_ons_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"subscriptions": {
                  Row: {
                    "billing_anchor": string,"billing_interval": string,"cancel_at_period_end": boolean,"cancelled_at": string | null,"created_at": string,"created_by": string | null,"currency": string,"current_period_end": string,"current_period_start": string,"id": string,"pending_plan_id": string | null,"plan_id": string | null,"status": string,"status_changed_at": string,"tenant_id": string,"trial_end": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "billing_anchor": string,"billing_interval": string,"cancel_at_period_end"?: boolean,"cancelled_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency": string,"current_period_end": string,"current_period_start": string,"id"?: string,"pending_plan_id"?: string | null,"plan_id"?: string | null,"status": string,"status_changed_at"?: string,"tenant_id": string,"trial_end"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "billing_anchor"?: string,"billing_interval"?: string,"cancel_at_period_end"?: boolean,"cancelled_at"?: string | null,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"current_period_end"?: string,"current_period_start"?: string,"id"?: string,"pending_plan_id"?: string | null,"plan_id"?: string | null,"status"?: string,"status_changed_at"?: string,"tenant_id"?: string,"trial_end"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "subscriptions_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "subscriptions_pending_plan_id_fkey"
      columns: ["pending_plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "subscriptions_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "subscriptions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"support_attachments": {
                  Row: {
                    "content_type": string,"created_at": string,"file_name": string,"id": number,"internal": boolean,"message_id": number,"object_path": string,"size_bytes": number,"tenant_id": string,"ticket_id": number,"uploaded_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "content_type": string,"created_at"?: string,"file_name": string,"id"?: never,"internal": boolean,"message_id": number,"object_path": string,"size_bytes": number,"tenant_id": string,"ticket_id": number,"uploaded_by"?: string | null
                  }
                  Update: {
                    "content_type"?: string,"created_at"?: string,"file_name"?: string,"id"?: never,"internal"?: boolean,"message_id"?: number,"object_path"?: string,"size_bytes"?: number,"tenant_id"?: string,"ticket_id"?: number,"uploaded_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_attachments_message_id_fkey"
      columns: ["message_id"]
isOneToOne: false
      referencedRelation: "support_messages"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_attachments_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_attachments_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_calendars": {
                  Row: {
                    "closes_at": string,"code": string,"name": NonNullable<Json>,"opens_at": string,"weekend": (number)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "closes_at": string,"code": string,"name": NonNullable<Json>,"opens_at": string,"weekend": (number)[]
                  }
                  Update: {
                    "closes_at"?: string,"code"?: string,"name"?: NonNullable<Json>,"opens_at"?: string,"weekend"?: (number)[]
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_calendars_code_fkey"
      columns: ["code"]
isOneToOne: true
      referencedRelation: "regions"
      referencedColumns: ["code"]
    }
                  ]
                },"support_client_errors": {
                  Row: {
                    "app": string,"context": NonNullable<Json>,"id": number,"message": string,"occurred_at": string,"stack": string | null,"tenant_id": string,"ticket_id": number | null,"truncated": boolean,"url": string | null,"user_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "app": string,"context"?: NonNullable<Json>,"id"?: never,"message": string,"occurred_at"?: string,"stack"?: string | null,"tenant_id": string,"ticket_id"?: number | null,"truncated"?: boolean,"url"?: string | null,"user_id"?: string | null
                  }
                  Update: {
                    "app"?: string,"context"?: NonNullable<Json>,"id"?: never,"message"?: string,"occurred_at"?: string,"stack"?: string | null,"tenant_id"?: string,"ticket_id"?: number | null,"truncated"?: boolean,"url"?: string | null,"user_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_client_errors_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_client_errors_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_csat": {
                  Row: {
                    "answers": number,"assignee_id": string | null,"comment": string | null,"group_id": number | null,"rated_at": string,"rated_by": string | null,"rating": number,"tenant_id": string,"ticket_id": number
                  }
                  ComputedFields: never
                  Insert: {
                    "answers"?: number,"assignee_id"?: string | null,"comment"?: string | null,"group_id"?: number | null,"rated_at"?: string,"rated_by"?: string | null,"rating": number,"tenant_id": string,"ticket_id": number
                  }
                  Update: {
                    "answers"?: number,"assignee_id"?: string | null,"comment"?: string | null,"group_id"?: number | null,"rated_at"?: string,"rated_by"?: string | null,"rating"?: number,"tenant_id"?: string,"ticket_id"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_csat_group_id_fkey"
      columns: ["group_id"]
isOneToOne: false
      referencedRelation: "support_groups"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_csat_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_csat_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: true
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_group_members": {
                  Row: {
                    "added_at": string,"group_id": number,"staff_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "added_at"?: string,"group_id": number,"staff_id": string
                  }
                  Update: {
                    "added_at"?: string,"group_id"?: number,"staff_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_group_members_group_id_fkey"
      columns: ["group_id"]
isOneToOne: false
      referencedRelation: "support_groups"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_group_members_staff_id_fkey"
      columns: ["staff_id"]
isOneToOne: false
      referencedRelation: "platform_staff"
      referencedColumns: ["user_id"]
    }
                  ]
                },"support_groups": {
                  Row: {
                    "code": string,"created_at": string,"id": number,"last_assignee_id": string | null,"name": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "code": string,"created_at"?: string,"id"?: never,"last_assignee_id"?: string | null,"name": NonNullable<Json>
                  }
                  Update: {
                    "code"?: string,"created_at"?: string,"id"?: never,"last_assignee_id"?: string | null,"name"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"support_holidays": {
                  Row: {
                    "calendar_code": string,"ends_on": string,"id": number,"name": NonNullable<Json>,"starts_on": string
                  }
                  ComputedFields: never
                  Insert: {
                    "calendar_code": string,"ends_on": string,"id"?: never,"name": NonNullable<Json>,"starts_on": string
                  }
                  Update: {
                    "calendar_code"?: string,"ends_on"?: string,"id"?: never,"name"?: NonNullable<Json>,"starts_on"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_holidays_calendar_code_fkey"
      columns: ["calendar_code"]
isOneToOne: false
      referencedRelation: "support_calendars"
      referencedColumns: ["code"]
    }
                  ]
                },"support_inbound_mails": {
                  Row: {
                    "body": string,"filed_at": string | null,"filed_by": string | null,"from_address": string,"from_name": string | null,"id": number,"message_id": string,"outcome": string,"reason": string | null,"received_at": string,"subject": string,"support_message_id": number | null,"tenant_id": string | null,"ticket_id": number | null,"to_addresses": (string)[],"truncated": boolean
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"filed_at"?: string | null,"filed_by"?: string | null,"from_address": string,"from_name"?: string | null,"id"?: never,"message_id": string,"outcome": string,"reason"?: string | null,"received_at"?: string,"subject": string,"support_message_id"?: number | null,"tenant_id"?: string | null,"ticket_id"?: number | null,"to_addresses"?: (string)[],"truncated"?: boolean
                  }
                  Update: {
                    "body"?: string,"filed_at"?: string | null,"filed_by"?: string | null,"from_address"?: string,"from_name"?: string | null,"id"?: never,"message_id"?: string,"outcome"?: string,"reason"?: string | null,"received_at"?: string,"subject"?: string,"support_message_id"?: number | null,"tenant_id"?: string | null,"ticket_id"?: number | null,"to_addresses"?: (string)[],"truncated"?: boolean
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_inbound_mails_support_message_id_fkey"
      columns: ["support_message_id"]
isOneToOne: false
      referencedRelation: "support_messages"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_inbound_mails_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_inbound_mails_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_kb_articles": {
                  Row: {
                    "body": Json | null,"category": string,"helpful": number,"id": number,"not_helpful": number,"published_at": string | null,"search_ar": unknown,"search_en": unknown,"slug": string,"title": Json | null,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "body"?: Json | null,"category"?: string,"helpful"?: number,"id"?: never,"not_helpful"?: number,"published_at"?: string | null,"search_ar"?: never,"search_en"?: never,"slug": string,"title"?: Json | null,"version"?: number
                  }
                  Update: {
                    "body"?: Json | null,"category"?: string,"helpful"?: number,"id"?: never,"not_helpful"?: number,"published_at"?: string | null,"search_ar"?: never,"search_en"?: never,"slug"?: string,"title"?: Json | null,"version"?: number
                  }
                  Relationships: [
                    
                  ]
                },"support_kb_drafts": {
                  Row: {
                    "article_id": number,"body": NonNullable<Json>,"title": NonNullable<Json>,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "article_id": number,"body": NonNullable<Json>,"title": NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "article_id"?: number,"body"?: NonNullable<Json>,"title"?: NonNullable<Json>,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_kb_drafts_article_id_fkey"
      columns: ["article_id"]
isOneToOne: true
      referencedRelation: "support_kb_articles"
      referencedColumns: ["id"]
    }
                  ]
                },"support_macros": {
                  Row: {
                    "active": boolean,"body": NonNullable<Json>,"code": string,"id": number,"set_status": string | null,"title": NonNullable<Json>,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "active"?: boolean,"body": NonNullable<Json>,"code": string,"id"?: never,"set_status"?: string | null,"title": NonNullable<Json>,"updated_at"?: string
                  }
                  Update: {
                    "active"?: boolean,"body"?: NonNullable<Json>,"code"?: string,"id"?: never,"set_status"?: string | null,"title"?: NonNullable<Json>,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"support_messages": {
                  Row: {
                    "author_id": string | null,"body": string,"created_at": string,"from_address": string | null,"from_staff": boolean,"id": number,"internal": boolean,"tenant_id": string,"ticket_id": number
                  }
                  ComputedFields: never
                  Insert: {
                    "author_id"?: string | null,"body": string,"created_at"?: string,"from_address"?: string | null,"from_staff": boolean,"id"?: never,"internal"?: boolean,"tenant_id": string,"ticket_id": number
                  }
                  Update: {
                    "author_id"?: string | null,"body"?: string,"created_at"?: string,"from_address"?: string | null,"from_staff"?: boolean,"id"?: never,"internal"?: boolean,"tenant_id"?: string,"ticket_id"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_messages_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_messages_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_sla_events": {
                  Row: {
                    "at": string,"detail": NonNullable<Json>,"id": number,"kind": string,"ticket_id": number
                  }
                  ComputedFields: never
                  Insert: {
                    "at": string,"detail"?: NonNullable<Json>,"id"?: never,"kind": string,"ticket_id": number
                  }
                  Update: {
                    "at"?: string,"detail"?: NonNullable<Json>,"id"?: never,"kind"?: string,"ticket_id"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_sla_events_ticket_id_fkey"
      columns: ["ticket_id"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    }
                  ]
                },"support_sla_targets": {
                  Row: {
                    "first_response_minutes": number,"plan_code": string,"priority": string,"resolution_minutes": number
                  }
                  ComputedFields: never
                  Insert: {
                    "first_response_minutes": number,"plan_code": string,"priority": string,"resolution_minutes": number
                  }
                  Update: {
                    "first_response_minutes"?: number,"plan_code"?: string,"priority"?: string,"resolution_minutes"?: number
                  }
                  Relationships: [
                    
                  ]
                },"support_tickets": {
                  Row: {
                    "assignee_id": string | null,"category": string,"closed_at": string | null,"created_at": string,"customer_wait_minutes": number,"escalated_at": string | null,"first_responded_at": string | null,"first_response_due_at": string | null,"group_id": number | null,"id": number,"merged_into": number | null,"opened_by": string | null,"opened_by_staff": boolean,"priority": string,"requester_email": string | null,"requester_id": string | null,"resolution_due_at": string | null,"sla_paused_at": string | null,"solved_at": string | null,"status": string,"subject": string,"tags": (string)[],"tenant_id": string,"updated_at": string,"warned_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "assignee_id"?: string | null,"category"?: string,"closed_at"?: string | null,"created_at"?: string,"customer_wait_minutes"?: number,"escalated_at"?: string | null,"first_responded_at"?: string | null,"first_response_due_at"?: string | null,"group_id"?: number | null,"id"?: never,"merged_into"?: number | null,"opened_by"?: string | null,"opened_by_staff"?: boolean,"priority"?: string,"requester_email"?: string | null,"requester_id"?: string | null,"resolution_due_at"?: string | null,"sla_paused_at"?: string | null,"solved_at"?: string | null,"status"?: string,"subject": string,"tags"?: (string)[],"tenant_id": string,"updated_at"?: string,"warned_at"?: string | null
                  }
                  Update: {
                    "assignee_id"?: string | null,"category"?: string,"closed_at"?: string | null,"created_at"?: string,"customer_wait_minutes"?: number,"escalated_at"?: string | null,"first_responded_at"?: string | null,"first_response_due_at"?: string | null,"group_id"?: number | null,"id"?: never,"merged_into"?: number | null,"opened_by"?: string | null,"opened_by_staff"?: boolean,"priority"?: string,"requester_email"?: string | null,"requester_id"?: string | null,"resolution_due_at"?: string | null,"sla_paused_at"?: string | null,"solved_at"?: string | null,"status"?: string,"subject"?: string,"tags"?: (string)[],"tenant_id"?: string,"updated_at"?: string,"warned_at"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "support_tickets_group_id_fkey"
      columns: ["group_id"]
isOneToOne: false
      referencedRelation: "support_groups"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_tickets_merged_into_fkey"
      columns: ["merged_into"]
isOneToOne: false
      referencedRelation: "support_tickets"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "support_tickets_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tax_rates": {
                  Row: {
                    "country": string,"id": string,"name": NonNullable<Json>,"rate": number,"valid_from": string,"valid_to": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "country": string,"id"?: string,"name": NonNullable<Json>,"rate": number,"valid_from": string,"valid_to"?: string | null
                  }
                  Update: {
                    "country"?: string,"id"?: string,"name"?: NonNullable<Json>,"rate"?: number,"valid_from"?: string,"valid_to"?: string | null
                  }
                  Relationships: [
                    
                  ]
                },"tenant_add_ons": {
                  Row: {
                    "add_on_code": string,"expires_at": string | null,"quantity": number,"started_at": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "add_on_code": string,"expires_at"?: string | null,"quantity"?: number,"started_at"?: string,"tenant_id": string
                  }
                  Update: {
                    "add_on_code"?: string,"expires_at"?: string | null,"quantity"?: number,"started_at"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_add_ons_add_on_code_fkey"
      columns: ["add_on_code"]
isOneToOne: false
      referencedRelation: "add_ons"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_add_ons_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_catalog_overrides": {
                  Row: {
                    "base_hash": string,"code": string,"conflict": string | null,"conflict_release_no": number | null,"family": string,"hidden": boolean,"label": Json | null,"sort_order": number | null,"tenant_id": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "base_hash": string,"code": string,"conflict"?: string | null,"conflict_release_no"?: number | null,"family": string,"hidden"?: boolean,"label"?: Json | null,"sort_order"?: number | null,"tenant_id": string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "base_hash"?: string,"code"?: string,"conflict"?: string | null,"conflict_release_no"?: number | null,"family"?: string,"hidden"?: boolean,"label"?: Json | null,"sort_order"?: number | null,"tenant_id"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_catalog_overrides_conflict_release_no_fkey"
      columns: ["conflict_release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    },{
      foreignKeyName: "tenant_catalog_overrides_family_fkey"
      columns: ["family"]
isOneToOne: false
      referencedRelation: "catalog_families"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_catalog_overrides_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_catalog_state": {
                  Row: {
                    "conflicts": number,"last_error": string | null,"pinned": boolean,"previous_release_no": number | null,"release_no": number | null,"status": string,"sync_job_id": number | null,"synced_at": string | null,"target_release_no": number | null,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conflicts"?: number,"last_error"?: string | null,"pinned"?: boolean,"previous_release_no"?: number | null,"release_no"?: number | null,"status"?: string,"sync_job_id"?: number | null,"synced_at"?: string | null,"target_release_no"?: number | null,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "conflicts"?: number,"last_error"?: string | null,"pinned"?: boolean,"previous_release_no"?: number | null,"release_no"?: number | null,"status"?: string,"sync_job_id"?: number | null,"synced_at"?: string | null,"target_release_no"?: number | null,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_catalog_state_previous_release_no_fkey"
      columns: ["previous_release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    },{
      foreignKeyName: "tenant_catalog_state_release_no_fkey"
      columns: ["release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    },{
      foreignKeyName: "tenant_catalog_state_target_release_no_fkey"
      columns: ["target_release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    },{
      foreignKeyName: "tenant_catalog_state_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_custom_field_schema": {
                  Row: {
                    "id": boolean,"schema": NonNullable<Json>,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "id"?: boolean,"schema"?: NonNullable<Json>,"updated_at"?: string
                  }
                  Update: {
                    "id"?: boolean,"schema"?: NonNullable<Json>,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"tenant_daily_snapshots": {
                  Row: {
                    "active_users": number,"api_calls": number,"computed_at": string,"currency": string,"day": string,"limit_breaches": number,"messages": number,"modules": (string)[],"mrr": number,"orders": number,"plan_id": string | null,"revenue": number,"status": string,"storage_mb": number,"tenant_id": string,"tickets_open": number,"tickets_opened": number
                  }
                  ComputedFields: never
                  Insert: {
                    "active_users"?: number,"api_calls"?: number,"computed_at"?: string,"currency": string,"day": string,"limit_breaches"?: number,"messages"?: number,"modules"?: (string)[],"mrr"?: number,"orders"?: number,"plan_id"?: string | null,"revenue"?: number,"status": string,"storage_mb"?: number,"tenant_id": string,"tickets_open"?: number,"tickets_opened"?: number
                  }
                  Update: {
                    "active_users"?: number,"api_calls"?: number,"computed_at"?: string,"currency"?: string,"day"?: string,"limit_breaches"?: number,"messages"?: number,"modules"?: (string)[],"mrr"?: number,"orders"?: number,"plan_id"?: string | null,"revenue"?: number,"status"?: string,"storage_mb"?: number,"tenant_id"?: string,"tickets_open"?: number,"tickets_opened"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_daily_snapshots_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_daily_snapshots_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_daily_snapshots_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_entitlements": {
                  Row: {
                    "computed_at": string,"entitlements": NonNullable<Json>,"plan_code": string | null,"stale": boolean,"tenant_id": string,"valid_until": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "computed_at"?: string,"entitlements": NonNullable<Json>,"plan_code"?: string | null,"stale"?: boolean,"tenant_id": string,"valid_until"?: string,"version"?: number
                  }
                  Update: {
                    "computed_at"?: string,"entitlements"?: NonNullable<Json>,"plan_code"?: string | null,"stale"?: boolean,"tenant_id"?: string,"valid_until"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_entitlements_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_health": {
                  Row: {
                    "computed_at": string,"inputs": NonNullable<Json>,"score": number,"signals": NonNullable<Json>,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "computed_at"?: string,"inputs"?: NonNullable<Json>,"score": number,"signals": NonNullable<Json>,"tenant_id": string
                  }
                  Update: {
                    "computed_at"?: string,"inputs"?: NonNullable<Json>,"score"?: number,"signals"?: NonNullable<Json>,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_health_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_lifecycle_settings": {
                  Row: {
                    "churn_after_days": number,"default_trial_days": number,"id": boolean
                  }
                  ComputedFields: never
                  Insert: {
                    "churn_after_days"?: number,"default_trial_days"?: number,"id"?: boolean
                  }
                  Update: {
                    "churn_after_days"?: number,"default_trial_days"?: number,"id"?: boolean
                  }
                  Relationships: [
                    
                  ]
                },"tenant_lifecycle_transitions": {
                  Row: {
                    "action": string,"from_status": string,"permission": string,"to_status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"from_status": string,"permission": string,"to_status": string
                  }
                  Update: {
                    "action"?: string,"from_status"?: string,"permission"?: string,"to_status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_lifecycle_transitions_permission_fkey"
      columns: ["permission"]
isOneToOne: false
      referencedRelation: "permissions"
      referencedColumns: ["code"]
    }
                  ]
                },"tenant_members": {
                  Row: {
                    "created_at": string,"role": string,"tenant_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"role": string,"tenant_id": string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"role"?: string,"tenant_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_members_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_payment_methods": {
                  Row: {
                    "enabled": boolean,"method_code": string,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "enabled"?: boolean,"method_code": string,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "enabled"?: boolean,"method_code"?: string,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_payment_methods_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_plans": {
                  Row: {
                    "billing_interval": string,"current_period_end": string,"current_period_start": string,"pending_effective_at": string | null,"pending_plan_id": string | null,"plan_id": string,"started_at": string,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "billing_interval"?: string,"current_period_end": string,"current_period_start": string,"pending_effective_at"?: string | null,"pending_plan_id"?: string | null,"plan_id": string,"started_at"?: string,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "billing_interval"?: string,"current_period_end"?: string,"current_period_start"?: string,"pending_effective_at"?: string | null,"pending_plan_id"?: string | null,"plan_id"?: string,"started_at"?: string,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_plans_pending_plan_id_fkey"
      columns: ["pending_plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_plans_plan_id_fkey"
      columns: ["plan_id"]
isOneToOne: false
      referencedRelation: "plans"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_plans_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_prices": {
                  Row: {
                    "currency": string,"item_code": string,"price": number,"service_code": string,"source": string,"tenant_id": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "currency": string,"item_code": string,"price": number,"service_code": string,"source"?: string,"tenant_id": string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "currency"?: string,"item_code"?: string,"price"?: number,"service_code"?: string,"source"?: string,"tenant_id"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_prices_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_prices_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_provisioning": {
                  Row: {
                    "applied_version": number | null,"attempts": number,"finished_at": string | null,"last_error": string | null,"started_at": string | null,"status": string,"step_code": string,"tenant_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "applied_version"?: number | null,"attempts"?: number,"finished_at"?: string | null,"last_error"?: string | null,"started_at"?: string | null,"status": string,"step_code": string,"tenant_id": string
                  }
                  Update: {
                    "applied_version"?: number | null,"attempts"?: number,"finished_at"?: string | null,"last_error"?: string | null,"started_at"?: string | null,"status"?: string,"step_code"?: string,"tenant_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_provisioning_step_code_fkey"
      columns: ["step_code"]
isOneToOne: false
      referencedRelation: "provisioning_steps"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_provisioning_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_reminders": {
                  Row: {
                    "created_at": string,"days_before": number,"id": number,"kind": string,"params": NonNullable<Json>,"sent_at": string | null,"tenant_id": string,"trial_ends_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"days_before": number,"id"?: never,"kind": string,"params"?: NonNullable<Json>,"sent_at"?: string | null,"tenant_id": string,"trial_ends_at": string
                  }
                  Update: {
                    "created_at"?: string,"days_before"?: number,"id"?: never,"kind"?: string,"params"?: NonNullable<Json>,"sent_at"?: string | null,"tenant_id"?: string,"trial_ends_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_reminders_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_settings": {
                  Row: {
                    "settings": NonNullable<Json>,"tenant_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "settings"?: NonNullable<Json>,"tenant_id": string,"updated_at"?: string
                  }
                  Update: {
                    "settings"?: NonNullable<Json>,"tenant_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_settings_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_status_history": {
                  Row: {
                    "action": string,"actor_id": string | null,"changed_at": string,"from_status": string | null,"id": number,"reason": string | null,"tenant_id": string,"to_status": string
                  }
                  ComputedFields: never
                  Insert: {
                    "action": string,"actor_id"?: string | null,"changed_at"?: string,"from_status"?: string | null,"id"?: never,"reason"?: string | null,"tenant_id": string,"to_status": string
                  }
                  Update: {
                    "action"?: string,"actor_id"?: string | null,"changed_at"?: string,"from_status"?: string | null,"id"?: never,"reason"?: string | null,"tenant_id"?: string,"to_status"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_status_history_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_workflow_overrides": {
                  Row: {
                    "patch": NonNullable<Json>,"template_id": string,"tenant_id": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "patch"?: NonNullable<Json>,"template_id": string,"tenant_id": string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "patch"?: NonNullable<Json>,"template_id"?: string,"tenant_id"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_workflow_overrides_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_workflow_overrides_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"tenant_workflows": {
                  Row: {
                    "base_version_id": string,"conflicts": NonNullable<Json>,"template_id": string,"tenant_id": string,"upgraded_at": string,"version_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "base_version_id": string,"conflicts"?: NonNullable<Json>,"template_id": string,"tenant_id": string,"upgraded_at"?: string,"version_id": string
                  }
                  Update: {
                    "base_version_id"?: string,"conflicts"?: NonNullable<Json>,"template_id"?: string,"tenant_id"?: string,"upgraded_at"?: string,"version_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenant_workflows_base_version_id_fkey"
      columns: ["base_version_id"]
isOneToOne: false
      referencedRelation: "workflow_versions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_workflows_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_workflows_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tenant_workflows_version_id_fkey"
      columns: ["version_id"]
isOneToOne: false
      referencedRelation: "workflow_versions"
      referencedColumns: ["id"]
    }
                  ]
                },"tenants": {
                  Row: {
                    "branding": NonNullable<Json>,"contact": NonNullable<Json>,"country": string,"created_at": string,"created_by": string | null,"currency": string,"custom_fields": NonNullable<Json>,"default_locale": string,"id": string,"legal_name": string | null,"name": NonNullable<Json>,"region": string,"slug": string,"status": string,"status_changed_at": string,"timezone": string,"trial_ends_at": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "branding"?: NonNullable<Json>,"contact"?: NonNullable<Json>,"country": string,"created_at"?: string,"created_by"?: string | null,"currency": string,"custom_fields"?: NonNullable<Json>,"default_locale"?: string,"id"?: string,"legal_name"?: string | null,"name": NonNullable<Json>,"region": string,"slug": string,"status"?: string,"status_changed_at"?: string,"timezone": string,"trial_ends_at"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "branding"?: NonNullable<Json>,"contact"?: NonNullable<Json>,"country"?: string,"created_at"?: string,"created_by"?: string | null,"currency"?: string,"custom_fields"?: NonNullable<Json>,"default_locale"?: string,"id"?: string,"legal_name"?: string | null,"name"?: NonNullable<Json>,"region"?: string,"slug"?: string,"status"?: string,"status_changed_at"?: string,"timezone"?: string,"trial_ends_at"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "tenants_country_fkey"
      columns: ["country"]
isOneToOne: false
      referencedRelation: "countries"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenants_default_locale_fkey"
      columns: ["default_locale"]
isOneToOne: false
      referencedRelation: "locales"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenants_region_fkey"
      columns: ["region"]
isOneToOne: false
      referencedRelation: "regions"
      referencedColumns: ["code"]
    }
                  ]
                },"unit_costs": {
                  Row: {
                    "amount": number,"currency": string,"metric": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "amount": number,"currency": string,"metric": string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "amount"?: number,"currency"?: string,"metric"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "unit_costs_currency_fkey"
      columns: ["currency"]
isOneToOne: false
      referencedRelation: "currencies"
      referencedColumns: ["code"]
    }
                  ]
                },"usage_counters": {
                  Row: {
                    "feature_key": string,"period_start": string,"tenant_id": string,"updated_at": string,"used": number
                  }
                  ComputedFields: never
                  Insert: {
                    "feature_key": string,"period_start": string,"tenant_id": string,"updated_at"?: string,"used"?: number
                  }
                  Update: {
                    "feature_key"?: string,"period_start"?: string,"tenant_id"?: string,"updated_at"?: string,"used"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "usage_counters_feature_key_fkey"
      columns: ["feature_key"]
isOneToOne: false
      referencedRelation: "features"
      referencedColumns: ["key"]
    },{
      foreignKeyName: "usage_counters_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_attempts": {
                  Row: {
                    "at": string,"attempt": number,"delivery_id": number,"endpoint_id": string,"error": string | null,"id": number,"latency_ms": number | null,"status_code": number | null,"succeeded": boolean,"tenant_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "at"?: string,"attempt": number,"delivery_id": number,"endpoint_id": string,"error"?: string | null,"id"?: never,"latency_ms"?: number | null,"status_code"?: number | null,"succeeded": boolean,"tenant_id"?: string | null
                  }
                  Update: {
                    "at"?: string,"attempt"?: number,"delivery_id"?: number,"endpoint_id"?: string,"error"?: string | null,"id"?: never,"latency_ms"?: number | null,"status_code"?: number | null,"succeeded"?: boolean,"tenant_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_attempts_delivery_id_fkey"
      columns: ["delivery_id"]
isOneToOne: false
      referencedRelation: "webhook_deliveries"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_attempts_endpoint_id_fkey"
      columns: ["endpoint_id"]
isOneToOne: false
      referencedRelation: "webhook_endpoints"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_attempts_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_deliveries": {
                  Row: {
                    "attempts": number,"created_at": string,"delivered_at": string | null,"endpoint_id": string,"event_id": string,"id": number,"last_error": string | null,"last_latency_ms": number | null,"last_response": string | null,"last_status_code": number | null,"lease_token": string | null,"leased_until": string | null,"next_attempt_at": string,"status": string,"tenant_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id": string,"event_id": string,"id"?: never,"last_error"?: string | null,"last_latency_ms"?: number | null,"last_response"?: string | null,"last_status_code"?: number | null,"lease_token"?: string | null,"leased_until"?: string | null,"next_attempt_at"?: string,"status"?: string,"tenant_id"?: string | null
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id"?: string,"event_id"?: string,"id"?: never,"last_error"?: string | null,"last_latency_ms"?: number | null,"last_response"?: string | null,"last_status_code"?: number | null,"lease_token"?: string | null,"leased_until"?: string | null,"next_attempt_at"?: string,"status"?: string,"tenant_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_deliveries_endpoint_id_fkey"
      columns: ["endpoint_id"]
isOneToOne: false
      referencedRelation: "webhook_endpoints"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_deliveries_event_id_fkey"
      columns: ["event_id"]
isOneToOne: false
      referencedRelation: "integration_events"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "webhook_deliveries_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_endpoints": {
                  Row: {
                    "consecutive_failures": number,"created_at": string,"created_by": string | null,"description": string,"disabled_reason": string | null,"enabled": boolean,"event_types": (string)[],"failing_alerted_at": string | null,"id": string,"last_error": string | null,"last_error_at": string | null,"last_success_at": string | null,"max_in_flight": number,"tenant_id": string | null,"updated_at": string,"url": string
                  }
                  ComputedFields: never
                  Insert: {
                    "consecutive_failures"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string,"disabled_reason"?: string | null,"enabled"?: boolean,"event_types": (string)[],"failing_alerted_at"?: string | null,"id"?: string,"last_error"?: string | null,"last_error_at"?: string | null,"last_success_at"?: string | null,"max_in_flight"?: number,"tenant_id"?: string | null,"updated_at"?: string,"url": string
                  }
                  Update: {
                    "consecutive_failures"?: number,"created_at"?: string,"created_by"?: string | null,"description"?: string,"disabled_reason"?: string | null,"enabled"?: boolean,"event_types"?: (string)[],"failing_alerted_at"?: string | null,"id"?: string,"last_error"?: string | null,"last_error_at"?: string | null,"last_success_at"?: string | null,"max_in_flight"?: number,"tenant_id"?: string | null,"updated_at"?: string,"url"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_endpoints_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"workflow_guards": {
                  Row: {
                    "checker": string,"description": NonNullable<Json>,"key": string,"name": NonNullable<Json>
                  }
                  ComputedFields: never
                  Insert: {
                    "checker": string,"description"?: NonNullable<Json>,"key": string,"name": NonNullable<Json>
                  }
                  Update: {
                    "checker"?: string,"description"?: NonNullable<Json>,"key"?: string,"name"?: NonNullable<Json>
                  }
                  Relationships: [
                    
                  ]
                },"workflow_stage_daily": {
                  Row: {
                    "computed_at": string,"day": string,"p50_seconds": number | null,"p95_seconds": number | null,"sla_breaches": number,"stage": string,"template_id": string,"tenant_id": string,"total_seconds": number,"transitions": number
                  }
                  ComputedFields: never
                  Insert: {
                    "computed_at"?: string,"day": string,"p50_seconds"?: number | null,"p95_seconds"?: number | null,"sla_breaches": number,"stage": string,"template_id": string,"tenant_id": string,"total_seconds": number,"transitions": number
                  }
                  Update: {
                    "computed_at"?: string,"day"?: string,"p50_seconds"?: number | null,"p95_seconds"?: number | null,"sla_breaches"?: number,"stage"?: string,"template_id"?: string,"tenant_id"?: string,"total_seconds"?: number,"transitions"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "workflow_stage_daily_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workflow_stage_daily_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                },"workflow_templates": {
                  Row: {
                    "archived": boolean,"code": string,"created_at": string,"created_by": string | null,"description": NonNullable<Json>,"draft": NonNullable<Json>,"id": string,"latest_version": number,"name": NonNullable<Json>,"service_category": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "archived"?: boolean,"code": string,"created_at"?: string,"created_by"?: string | null,"description"?: NonNullable<Json>,"draft": NonNullable<Json>,"id"?: string,"latest_version"?: number,"name": NonNullable<Json>,"service_category": string,"updated_at"?: string
                  }
                  Update: {
                    "archived"?: boolean,"code"?: string,"created_at"?: string,"created_by"?: string | null,"description"?: NonNullable<Json>,"draft"?: NonNullable<Json>,"id"?: string,"latest_version"?: number,"name"?: NonNullable<Json>,"service_category"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"workflow_versions": {
                  Row: {
                    "base_version_id": string | null,"conflicts": NonNullable<Json>,"definition": NonNullable<Json>,"id": string,"note": string | null,"patch": Json | null,"published_at": string,"published_by": string | null,"template_id": string,"tenant_id": string | null,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "base_version_id"?: string | null,"conflicts"?: NonNullable<Json>,"definition": NonNullable<Json>,"id"?: string,"note"?: string | null,"patch"?: Json | null,"published_at"?: string,"published_by"?: string | null,"template_id": string,"tenant_id"?: string | null,"version": number
                  }
                  Update: {
                    "base_version_id"?: string | null,"conflicts"?: NonNullable<Json>,"definition"?: NonNullable<Json>,"id"?: string,"note"?: string | null,"patch"?: Json | null,"published_at"?: string,"published_by"?: string | null,"template_id"?: string,"tenant_id"?: string | null,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "workflow_versions_base_version_id_fkey"
      columns: ["base_version_id"]
isOneToOne: false
      referencedRelation: "workflow_versions"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workflow_versions_template_id_fkey"
      columns: ["template_id"]
isOneToOne: false
      referencedRelation: "workflow_templates"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "workflow_versions_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: false
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "audit_log": {
                  Row: {
                    "action": string,"actor_id": string | null,"actor_role": string,"after": Json | null,"before": Json | null,"diff": Json | null,"entity_id": string | null,"entity_type": string,"hash": string | null,"hash_version": number,"id": number,"impersonation_id": string | null,"ip": string | null,"occurred_at": string,"reason": string | null,"seq": number,"tenant_id": string | null,"trace_id": string | null,"user_agent": string | null
                  }
                  ComputedFields: never
                  Insert: {
                           "action"?: string | null,"actor_id"?: string | null,"actor_role"?: string | null,"after"?: Json | null,"before"?: Json | null,"diff"?: Json | null,"entity_id"?: string | null,"entity_type"?: string | null,"hash"?: never,"hash_version"?: number | null,"id"?: number | null,"impersonation_id"?: string | null,"ip"?: string | null,"occurred_at"?: string | null,"reason"?: string | null,"seq"?: number | null,"tenant_id"?: string | null,"trace_id"?: string | null,"user_agent"?: string | null
                         }
                        Update: {
                           "action"?: string | null,"actor_id"?: string | null,"actor_role"?: string | null,"after"?: Json | null,"before"?: Json | null,"diff"?: Json | null,"entity_id"?: string | null,"entity_type"?: string | null,"hash"?: never,"hash_version"?: number | null,"id"?: number | null,"impersonation_id"?: string | null,"ip"?: string | null,"occurred_at"?: string | null,"reason"?: string | null,"seq"?: number | null,"tenant_id"?: string | null,"trace_id"?: string | null,"user_agent"?: string | null
                         }
                        Relationships: [
                    
                  ]
                },"tenant_catalog_entries": {
                  Row: {
                    "attributes": NonNullable<Json>,"code": string,"colour": string | null,"conflict": string | null,"description": NonNullable<Json>,"family": string,"hidden": boolean | null,"icon": string | null,"label": string | null,"label_ar": string | null,"label_en": string | null,"name": Json | null,"overridden": boolean | null,"release_no": number | null,"retired": boolean,"sort_order": number | null,"tenant_id": string,"visible": boolean | null
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "catalog_release_entries_family_fkey"
      columns: ["family"]
isOneToOne: false
      referencedRelation: "catalog_families"
      referencedColumns: ["code"]
    },{
      foreignKeyName: "tenant_catalog_state_release_no_fkey"
      columns: ["release_no"]
isOneToOne: false
      referencedRelation: "catalog_releases"
      referencedColumns: ["release_no"]
    },{
      foreignKeyName: "tenant_catalog_state_tenant_id_fkey"
      columns: ["tenant_id"]
isOneToOne: true
      referencedRelation: "tenants"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Functions: {
            "activate_my_staff_account":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"activate_tenant":
{ Args: { "reason"?: string,"tenant_id": string }; Returns: string
                           },
"add_order_item":
{ Args: { "colour_code"?: string,"fabric_code"?: string,"item_code": string,"note"?: string,"order_id": string,"preferences"?: (string)[],"quantity"?: number,"service_code": string,"stain_codes"?: (string)[] }; Returns: Json
                           },
"analytics_cohorts":
{ Args: { "p_from_month": string,"p_to_month": string }; Returns: Json
                           },
"analytics_cost_to_serve":
{ Args: { "p_currency"?: string,"p_from": string,"p_to": string }; Returns: {
              "api_calls": number,"cost": number,"currency": string,"margin": number,"messages": number,"orders": number,"revenue": number,"slug": string,"storage_mb_months": number,"tenant_id": string
            }[]
                           },
"analytics_feature_adoption":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "active_tenants": number,"module_code": string,"share": number,"tenants": number
            }[]
                           },
"analytics_kpis":
{ Args: { "p_currency"?: string,"p_from": string,"p_to": string }; Returns: Json
                           },
"analytics_mrr_trend":
{ Args: { "p_currency"?: string,"p_from_month": string,"p_to_month": string }; Returns: {
              "churned": number,"contraction": number,"currency": string,"ending_mrr": number,"expansion": number,"month": string,"net": number,"new": number,"reactivation": number,"reporting": boolean
            }[]
                           },
"analytics_plan_distribution":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "day": string,"month": string,"plan_code": string,"tenants": number
            }[]
                           },
"analytics_tenant_operations":
{ Args: { "p_from": string,"p_to": string,"tenant_id": string }; Returns: {
              "avg_stage_seconds": number,"day": string,"invoices": number,"limit_breaches": number,"orders": number,"revenue": number,"stage_transitions": number,"tickets_opened": number
            }[]
                           },
"analytics_upgrade_suggestions":
{ Args: { "p_days"?: number }; Returns: {
              "breaches": number,"features": (string)[],"overage_amount": number,"plan_code": string,"slug": string,"suggested_plan_code": string,"tenant_id": string
            }[]
                           },
"api_dispatch":
{ Args: { "api_key": string,"params"?: Json,"route": string }; Returns: Json
                           },
"apply_coupon":
{ Args: { "coupon_code": string,"reason"?: string,"subscription_id": string }; Returns: Json
                           },
"apply_support_macro":
{ Args: { "code": string,"ticket_id": number }; Returns: number
                           },
"approve_tenant":
{ Args: { "reason"?: string,"tenant_id": string }; Returns: string
                           },
"archive_coupon":
{ Args: { "coupon_id": string,"reason": string }; Returns: Json
                           },
"archive_plan":
{ Args: { "code": string,"reason": string }; Returns: undefined
                           },
"archive_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"assign_support_ticket":
{ Args: { "assignee_id"?: string,"group_code": string,"ticket_id": number }; Returns: string
                           },
"attach_checkout":
{ Args: { "checkout_url": string,"gateway_payment_id": string,"payment_id": string }; Returns: Json
                           },
"attach_support_file":
{ Args: { "file_name": string,"message_id": number,"object_path": string,"ticket_id": number }; Returns: {
              "content_type": string,
"created_at": string,
"file_name": string,
"id": number,
"internal": boolean,
"message_id": number,
"object_path": string,
"size_bytes": number,
"tenant_id": string,
"ticket_id": number,
"uploaded_by": string | null
            }
                          SetofOptions: {
        from: "*"
        to: "support_attachments"
        isOneToOne: true
        isSetofReturn: false
      } },
"attach_support_mail_files":
{ Args: { "files": Json,"message_id": number,"skipped"?: Json }; Returns: Json
                           },
"audit_chain_status":
{ Args: { "full_chain"?: boolean,"published"?: Json }; Returns: Json
                           },
"backfill_snapshots":
{ Args: { "p_from": string,"p_to": string }; Returns: number
                           },
"begin_checkout":
{ Args: { "gateway"?: string,"idempotency_key"?: string,"invoice_id": string }; Returns: Json
                           },
"billing_mrr":
{ Args: { "currency"?: string }; Returns: Database["public"]['CompositeTypes']["billing_mrr_row"][]
                          SetofOptions: {
        from: "*"
        to: "billing_mrr_row"
        isOneToOne: false
        isSetofReturn: true
      } },
"cancel_checkout":
{ Args: { "payment_id": string,"reason": string }; Returns: Json
                           },
"cancel_subscription":
{ Args: { "at_period_end"?: boolean,"reason"?: string,"subscription_id": string }; Returns: Json
                           },
"catalog_sync_overview":
{ Args: { "max_rows"?: number,"search"?: string,"skip_rows"?: number,"status_filter"?: string }; Returns: {
              "conflicts": number,"last_error": string,"pinned": boolean,"release_no": number,"slug": string,"status": string,"synced_at": string,"target_release_no": number,"tenant_id": string,"tenant_name": Json,"total": number
            }[]
                           },
"change_plan":
{ Args: { "effective"?: string,"plan_code": string,"reason"?: string,"tenant_id": string }; Returns: Json
                           },
"change_staff_role":
{ Args: { "reason": string,"role": string,"user_id": string }; Returns: undefined
                           },
"change_subscription_plan":
{ Args: { "effective"?: string,"plan_code": string,"reason"?: string,"subscription_id": string }; Returns: Json
                           },
"check_limit":
{ Args: { "limit_key": string,"requested"?: number,"tenant_id": string }; Returns: Json
                           },
"churn_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"claim_webhook_deliveries":
{ Args: { "batch_size"?: number }; Returns: Json
                           },
"clear_catalog_override":
{ Args: { "code": string,"family": string,"tenant_id": string }; Returns: boolean
                           },
"complete_job":
{ Args: { "attempt": number,"job_id": number }; Returns: undefined
                           },
"create_api_key":
{ Args: { "expires_at"?: string,"live"?: boolean,"name": string,"rate_limit_per_minute"?: number,"scopes": (string)[],"tenant_id": string }; Returns: Json
                           },
"create_coupon":
{ Args: { "definition": Json }; Returns: Json
                           },
"create_invoice":
{ Args: { "lines": Json,"memo"?: string,"tenant_id": string }; Returns: Json
                           },
"create_order":
{ Args: { "amount_total"?: number,"currency"?: string,"customer_name": string,"customer_phone"?: string,"items_count"?: number,"number": string,"service_category": string,"tenant_id": string }; Returns: Json
                           },
"create_sandbox_tenant":
{ Args: { "contact_email": string,"name": string,"orders"?: number,"slug": string }; Returns: Json
                           },
"create_subscription":
{ Args: { "add_ons"?: Json,"billing_interval"?: string,"coupon_code"?: string,"plan_code": string,"reason"?: string,"tenant_id": string,"trial_days"?: number }; Returns: Json
                           },
"create_tenant":
{ Args: { "branding"?: Json,"contact"?: Json,"country": string,"currency": string,"custom_fields"?: Json,"default_locale"?: string,"legal_name"?: string,"name": Json,"region": string,"slug": string,"timezone": string }; Returns: string
                           },
"create_webhook_endpoint":
{ Args: { "description"?: string,"event_types": (string)[],"max_in_flight"?: number,"tenant_id": string,"url": string }; Returns: Json
                           },
"create_workflow_template":
{ Args: { "code": string,"description"?: Json,"draft": Json,"name": Json,"service_category": string }; Returns: string
                           },
"delete_announcement":
{ Args: { "announcement_id": string,"reason": string }; Returns: undefined
                           },
"delete_sandbox_tenant":
{ Args: { "tenant_id": string }; Returns: Json
                           },
"delete_support_holiday":
{ Args: { "holiday_id": number }; Returns: undefined
                           },
"delete_webhook_endpoint":
{ Args: { "endpoint_id": string }; Returns: undefined
                           },
"disable_staff":
{ Args: { "reason": string,"user_id": string }; Returns: undefined
                           },
"dunning_advance":
{ Args: { "case_id": string,"reason"?: string }; Returns: Json
                           },
"enable_staff":
{ Args: { "reason": string,"user_id": string }; Returns: undefined
                           },
"end_impersonation":
{ Args: Record<PropertyKey, never>; Returns: boolean
                           },
"end_maintenance":
{ Args: { "reason": string,"window_id": string }; Returns: undefined
                           },
"enter_tenant_grace":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"entitlement_usage_report":
{ Args: Record<PropertyKey, never>; Returns: {
              "code": string,"kind": string,"tenants": number
            }[]
                           },
"entitlements":
{ Args: { "tenant_id": string }; Returns: Json
                           },
"export_catalog":
{ Args: { "family"?: string }; Returns: Json
                           },
"fail_job":
{ Args: { "attempt": number,"error": string,"job_id": number,"retry"?: boolean }; Returns: string
                           },
"fail_refund":
{ Args: { "code": string,"message": string,"refund_id": string }; Returns: Json
                           },
"file_support_inbound_mail":
{ Args: { "mail_id": number,"tenant_id": string }; Returns: number
                           },
"finalize_invoice":
{ Args: { "invoice_id": string }; Returns: Json
                           },
"flag_enabled":
{ Args: { "flag_key": string,"tenant_id": string }; Returns: boolean
                           },
"flag_exposure":
{ Args: { "flag_key": string }; Returns: Json
                           },
"freeze_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"gateway_webhook_secret":
{ Args: { "account_id": string,"gateway": string }; Returns: string
                           },
"grant_feature":
{ Args: { "expires_at"?: string,"feature_key": string,"reason": string,"tenant_id": string,"value"?: Json }; Returns: string
                           },
"has_feature":
{ Args: { "feature_key": string,"tenant_id": string }; Returns: boolean
                           },
"health_check":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"import_catalog":
{ Args: { "reason"?: string,"rows": Json }; Returns: Json
                           },
"ingest_notification_receipt":
{ Args: { "p_detail"?: Json,"p_provider": string,"p_provider_message_id": string,"p_status": string }; Returns: Json
                           },
"ingest_payment_event":
{ Args: { "event": Json }; Returns: Json
                           },
"ingest_support_inbound_mail":
{ Args: { "mail": Json }; Returns: Json
                           },
"invite_staff":
{ Args: { "display_name"?: string,"email": string,"role": string }; Returns: string
                           },
"invoice_run_progress":
{ Args: { "since": string }; Returns: Json
                           },
"invoice_zatca_qr":
{ Args: { "invoice_id": string }; Returns: string
                           },
"issue_credit_note":
{ Args: { "amount": number,"invoice_id": string,"method": string,"reason": string }; Returns: Json
                           },
"jobs_cron_jobs":
{ Args: Record<PropertyKey, never>; Returns: {
              "active": boolean,"command": string,"description": string,"jobid": number,"jobname": string,"last_ended_at": string,"last_message": string,"last_started_at": string,"last_status": string,"schedule": string
            }[]
                           },
"jobs_cron_runs":
{ Args: { "job_name": string,"max_rows"?: number }; Returns: {
              "end_time": string,"return_message": string,"runid": number,"start_time": string,"status": string
            }[]
                           },
"jobs_dead_letters":
{ Args: { "max_rows"?: number,"queue": string }; Returns: {
              "attempts": number,"dead_lettered_at": string,"enqueued_at": string,"job_id": number,"job_type": string,"last_error": Json,"payload": Json
            }[]
                           },
"jobs_discard_dead_letter":
{ Args: { "job_id": number,"queue": string }; Returns: undefined
                           },
"jobs_history":
{ Args: { "max_rows"?: number,"queue"?: string,"run_outcome"?: string,"search"?: string,"since"?: string,"until"?: string }; Returns: {
              "attempt": number,"duration_ms": number,"ended_at": string,"error_message": string,"error_sqlstate": string,"handler_kind": string,"id": number,"job_id": number,"job_type": string,"outcome": string,"queue_name": string,"started_at": string
            }[]
                           },
"jobs_pause_queue":
{ Args: { "queue": string,"reason"?: string }; Returns: undefined
                           },
"jobs_queue_stats":
{ Args: Record<PropertyKey, never>; Returns: {
              "dead_letters": number,"depth": number,"failed_last_hour": number,"oldest_age_seconds": number,"paused": boolean,"queue_name": string,"running": number,"succeeded_last_hour": number
            }[]
                           },
"jobs_resume_queue":
{ Args: { "queue": string }; Returns: undefined
                           },
"jobs_retry_all_dead_letters":
{ Args: { "queue": string }; Returns: number
                           },
"jobs_retry_dead_letter":
{ Args: { "job_id": number,"queue": string }; Returns: number
                           },
"lift_notification_suppression":
{ Args: { "p_address": string,"p_channel": string,"p_reason": string }; Returns: undefined
                           },
"limit_breach_report":
{ Args: { "since"?: string }; Returns: {
              "breaches": number,"currency": string,"feature_key": string,"outcome": string,"overage_amount": number,"tenants": number
            }[]
                           },
"link_client_error":
{ Args: { "error_id": number,"ticket_id": number }; Returns: undefined
                           },
"mark_invoice_uncollectible":
{ Args: { "invoice_id": string,"reason": string }; Returns: Json
                           },
"merge_support_tickets":
{ Args: { "reason"?: string,"source_id": number,"target_id": number }; Returns: undefined
                           },
"mrr_movements_by_month":
{ Args: { "currency"?: string,"from_month": string,"to_month": string }; Returns: Database["public"]['CompositeTypes']["mrr_month_row"][]
                          SetofOptions: {
        from: "*"
        to: "mrr_month_row"
        isOneToOne: false
        isSetofReturn: true
      } },
"my_active_impersonation":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"my_staff_profile":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"notification_claim":
{ Args: { "p_outbox_id": string }; Returns: Json
                           },
"notification_credentials":
{ Args: { "p_provider": string }; Returns: Json
                           },
"notification_failed":
{ Args: { "p_error": string,"p_outbox_id": string,"p_provider": string,"p_retryable": boolean }; Returns: undefined
                           },
"notification_sent":
{ Args: { "p_outbox_id": string,"p_provider": string,"p_provider_message_id": string }; Returns: undefined
                           },
"open_support_ticket":
{ Args: { "body": string,"category"?: string,"priority"?: string,"requester_id"?: string,"subject": string,"tenant_id": string }; Returns: number
                           },
"order_next_stages":
{ Args: { "order_id": string }; Returns: Json
                           },
"pin_tenant_catalog":
{ Args: { "pinned": boolean,"reason"?: string,"tenant_id": string }; Returns: undefined
                           },
"platform_setting":
{ Args: { "key": string }; Returns: Json
                           },
"platform_settings":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"platform_status":
{ Args: { "region"?: string }; Returns: Json
                           },
"preview_catalog_import":
{ Args: { "rows": Json }; Returns: Json
                           },
"preview_catalog_release":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"preview_notification_template":
{ Args: { "p_channel": string,"p_draft"?: Json,"p_event": string,"p_locale": string,"p_sample"?: Json }; Returns: Json
                           },
"preview_plan_change":
{ Args: { "plan_code": string,"tenant_id": string }; Returns: Json
                           },
"preview_subscription_change":
{ Args: { "plan_code": string,"subscription_id": string }; Returns: Json
                           },
"preview_tenant_catalog_upgrade":
{ Args: { "release_no"?: number,"tenant_id": string }; Returns: Json
                           },
"prometheus_metrics":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"publish_catalog_release":
{ Args: { "notes"?: string,"reason"?: string }; Returns: Json
                           },
"publish_kb_article":
{ Args: { "slug": string }; Returns: number
                           },
"publish_workflow_template":
{ Args: { "note"?: string,"template_id": string }; Returns: Json
                           },
"rate_support_ticket":
{ Args: { "comment"?: string,"rating": number,"ticket_id": number }; Returns: undefined
                           },
"rate_support_ticket_by_token":
{ Args: { "p_comment"?: string,"p_rating": number,"p_token": string }; Returns: undefined
                           },
"reactivate_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"record_manual_payment":
{ Args: { "amount": number,"invoice_id": string,"reason": string,"reference": string }; Returns: Json
                           },
"record_order_payment":
{ Args: { "allow_overpayment"?: boolean,"amount": number,"order_id": string,"reference"?: string }; Returns: Json
                           },
"record_proof_of_delivery":
{ Args: { "order_id": string,"reference"?: string }; Returns: Json
                           },
"record_scan":
{ Args: { "note"?: string,"order_id": string,"status": string }; Returns: Json
                           },
"record_webhook_results":
{ Args: { "results": Json }; Returns: number
                           },
"refresh_tenant_health":
{ Args: { "tenant_id": string }; Returns: Json
                           },
"reject_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"remove_entitlement_override":
{ Args: { "override_id": string,"reason": string }; Returns: undefined
                           },
"remove_payment_method":
{ Args: { "method_id": string,"reason": string }; Returns: Json
                           },
"replay_payment_event":
{ Args: { "payment_event_id": number }; Returns: Json
                           },
"replay_webhook_deliveries":
{ Args: { "delivery_id"?: number,"endpoint_id": string,"since"?: string,"until"?: string }; Returns: number
                           },
"reply_support_ticket":
{ Args: { "body": string,"internal"?: boolean,"ticket_id": number }; Returns: number
                           },
"report_client_error":
{ Args: { "app": string,"context"?: Json,"message": string,"stack"?: string,"tenant_id": string,"url"?: string }; Returns: number
                           },
"reseed_sandbox_tenant":
{ Args: { "orders"?: number,"tenant_id": string }; Returns: Json
                           },
"resume_subscription":
{ Args: { "reason"?: string,"subscription_id": string }; Returns: Json
                           },
"retire_catalog_entry":
{ Args: { "code": string,"family": string,"reason": string }; Returns: undefined
                           },
"retract_api_changelog_entry":
{ Args: { "entry_id": string,"reason": string }; Returns: undefined
                           },
"retry_notification":
{ Args: { "p_outbox_id": string }; Returns: undefined
                           },
"retry_provisioning_step":
{ Args: { "step_code": string,"tenant_id": string }; Returns: number
                           },
"revoke_api_key":
{ Args: { "key_id": string }; Returns: undefined
                           },
"revoke_feature":
{ Args: { "expires_at"?: string,"feature_key": string,"reason": string,"tenant_id": string }; Returns: string
                           },
"rollback_tenant_catalog":
{ Args: { "reason": string,"tenant_id": string }; Returns: Json
                           },
"rotate_api_key":
{ Args: { "key_id": string,"overlap_minutes"?: number }; Returns: Json
                           },
"rotate_webhook_secret":
{ Args: { "endpoint_id": string,"overlap_hours"?: number }; Returns: Json
                           },
"save_announcement":
{ Args: { "announcement_id": string,"body": Json,"ends_at": string,"send_notification"?: boolean,"severity": string,"starts_at": string,"target_plans"?: (string)[],"target_regions"?: (string)[],"target_tenants"?: (string)[],"title": Json }; Returns: string
                           },
"save_api_changelog_entry":
{ Args: { "body": Json,"entry_id": string,"kind": string,"published_on": string,"title": Json,"version": string }; Returns: string
                           },
"save_catalog_entry":
{ Args: { "active"?: boolean,"attributes"?: Json,"code": string,"colour"?: string,"description"?: Json,"family": string,"icon"?: string,"name": Json,"reason"?: string,"sort_order"?: number }; Returns: string
                           },
"save_flag":
{ Args: { "definition": Json,"key": string,"reason"?: string }; Returns: number
                           },
"save_kb_draft":
{ Args: { "body": Json,"category"?: string,"slug": string,"title": Json }; Returns: number
                           },
"save_notification_template":
{ Args: { "p_body_html"?: string,"p_body_text": string,"p_channel": string,"p_event": string,"p_locale": string,"p_subject": string,"p_whatsapp_parameters"?: (string)[],"p_whatsapp_template"?: string }; Returns: Json
                           },
"save_plan":
{ Args: { "code": string,"definition": Json,"reason"?: string }; Returns: Json
                           },
"save_support_group":
{ Args: { "code": string,"name": Json }; Returns: number
                           },
"save_support_holiday":
{ Args: { "calendar_code": string,"ends_on": string,"name": Json,"starts_on": string }; Returns: number
                           },
"save_support_macro":
{ Args: { "body": Json,"code": string,"set_status"?: string,"title": Json }; Returns: number
                           },
"save_support_sla_target":
{ Args: { "first_response_minutes": number,"plan_code": string,"priority": string,"resolution_minutes": number }; Returns: undefined
                           },
"save_workflow_draft":
{ Args: { "draft": Json,"template_id": string }; Returns: Json
                           },
"schedule_maintenance":
{ Args: { "ends_at": string,"message": Json,"reason": string,"region": string,"starts_at": string }; Returns: string
                           },
"search_kb":
{ Args: { "max_results"?: number,"query": string }; Returns: {
              "id": number,"rank": number,"slug": string,"title": Json
            }[]
                           },
"search_orders":
{ Args: { "for_tenant"?: string,"max_rows"?: number,"query": string }; Returns: {
              "created_at": string,"current_stage": string,"customer_name": string,"customer_phone": string,"id": string,"number": string,"service_category": string,"stage_entered_at": string,"tenant_id": string,"tenant_slug": string
            }[]
                           },
"send_test_webhook":
{ Args: { "p_endpoint_id": string }; Returns: number
                           },
"set_analytics_settings":
{ Args: { "p_reporting_currency": string,"p_snapshot_retention_days": number }; Returns: undefined
                           },
"set_billing_profile":
{ Args: { "profile": Json,"tenant_id": string }; Returns: Json
                           },
"set_catalog_override":
{ Args: { "code": string,"family": string,"hidden"?: boolean,"label"?: Json,"sort_order"?: number,"tenant_id": string }; Returns: undefined
                           },
"set_default_payment_method":
{ Args: { "method_id": string }; Returns: Json
                           },
"set_dunning_policy":
{ Args: { "policy": Json }; Returns: Json
                           },
"set_exchange_rate":
{ Args: { "p_base": string,"p_effective_on": string,"p_quote": string,"p_rate": number }; Returns: undefined
                           },
"set_feature_default":
{ Args: { "feature_key": string,"reason": string,"value": Json }; Returns: undefined
                           },
"set_flag_killed":
{ Args: { "key": string,"killed": boolean,"reason": string }; Returns: undefined
                           },
"set_notification_preference":
{ Args: { "p_channel": string,"p_enabled": boolean,"p_recipient_kind": string,"p_recipient_ref": string }; Returns: undefined
                           },
"set_platform_setting":
{ Args: { "key": string,"reason": string,"value": Json }; Returns: number
                           },
"set_seller_profile":
{ Args: { "profile": Json,"reason": string }; Returns: Json
                           },
"set_staff_locale":
{ Args: { "locale": string,"staff_id": string }; Returns: undefined
                           },
"set_subscription_add_on":
{ Args: { "add_on_code": string,"quantity": number,"reason"?: string,"subscription_id": string }; Returns: Json
                           },
"set_suggested_price":
{ Args: { "currency": string,"item_code": string,"price": number,"reason"?: string,"service_code": string }; Returns: undefined
                           },
"set_support_group_member":
{ Args: { "group_code": string,"member"?: boolean,"staff_id": string }; Returns: undefined
                           },
"set_support_ticket_status":
{ Args: { "reason"?: string,"status": string,"ticket_id": number }; Returns: undefined
                           },
"set_support_ticket_tags":
{ Args: { "tags": (string)[],"ticket_id": number }; Returns: undefined
                           },
"set_tenant_add_on":
{ Args: { "add_on_code": string,"expires_at"?: string,"quantity"?: number,"reason"?: string,"tenant_id": string }; Returns: undefined
                           },
"set_tenant_price":
{ Args: { "item_code": string,"price": number,"service_code": string,"tenant_id": string }; Returns: undefined
                           },
"set_tenant_workflow_override":
{ Args: { "patch": Json,"template_id": string,"tenant_id": string }; Returns: Json
                           },
"set_unit_cost":
{ Args: { "p_amount": number,"p_currency": string,"p_metric": string }; Returns: undefined
                           },
"slo_status":
{ Args: Record<PropertyKey, never>; Returns: {
              "burn_rate_1h": number,"burn_rate_6h": number,"code": string,"compliance": number,"error_budget_remaining": number,"events": number,"events_1h": number,"events_6h": number,"good": number,"kind": string,"name_ar": string,"name_en": string,"target": number,"threshold_ms": number,"window_days": number
            }[]
                           },
"staff_lockouts":
{ Args: Record<PropertyKey, never>; Returns: {
              "locked_until": string,"reason": string,"user_id": string
            }[]
                           },
"start_impersonation":
{ Args: { "minutes"?: number,"mode": string,"reason": string,"tenant_id": string }; Returns: Json
                           },
"start_invoice_run":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"start_tenant_trial":
{ Args: { "reason"?: string,"tenant_id": string,"trial_days"?: number }; Returns: string
                           },
"stuck_orders":
{ Args: { "for_tenant"?: string,"max_rows"?: number }; Returns: {
              "number": string,"order_id": string,"overdue_minutes": number,"sla_minutes": number,"stage": string,"stage_entered_at": string,"tenant_id": string
            }[]
                           },
"submit_tenant":
{ Args: { "reason"?: string,"tenant_id": string }; Returns: string
                           },
"support_backlog_report":
{ Args: { "from_day": string,"tenant_id"?: string,"to_day": string }; Returns: {
              "day": string,"open_at_end": number,"opened": number,"resolved": number
            }[]
                           },
"support_csat_report":
{ Args: { "from_at": string,"to_at": string }; Returns: {
              "assignee_id": string,"average": number,"group_code": string,"ratings": number,"satisfied_share": number
            }[]
                           },
"support_customer_wait_report":
{ Args: { "from_at": string,"to_at": string }; Returns: {
              "priority": string,"resolution_minutes": number,"solved": number,"wait_minutes": number,"wait_p50": number,"wait_p90": number,"wait_share": number,"waited": number
            }[]
                           },
"support_inbox":
{ Args: { "assignee_id"?: string,"category"?: string,"group_code"?: string,"max_results"?: number,"priority"?: string,"statuses"?: (string)[],"tag"?: string,"tenant_id"?: string,"ticket_id"?: number,"view"?: string }; Returns: Database["public"]['CompositeTypes']["support_inbox_row"][]
                          SetofOptions: {
        from: "*"
        to: "support_inbox_row"
        isOneToOne: false
        isSetofReturn: true
      } },
"support_inbox_counts":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"support_sla_report":
{ Args: { "from_at": string,"to_at": string }; Returns: {
              "first_response_attainment": number,"first_response_breached": number,"first_response_met": number,"first_response_p50": number,"first_response_p90": number,"opened": number,"priority": string,"resolution_attainment": number,"resolution_breached": number,"resolution_met": number,"resolution_p50": number,"resolution_p90": number
            }[]
                           },
"support_survey":
{ Args: { "p_token": string }; Returns: {
              "changes_left": number,"rated": boolean,"rating": number,"subject": string
            }[]
                           },
"support_tenant_context":
{ Args: { "tenant_id": string }; Returns: Json
                           },
"suspend_tenant":
{ Args: { "reason": string,"tenant_id": string }; Returns: string
                           },
"tenant_allowed_actions":
{ Args: { "tenant_id": string }; Returns: {
              "action": string,"reason_required": boolean,"to_status": string
            }[]
                           },
"tenant_billing_fields_editable":
{ Args: { "tenant_id": string }; Returns: boolean
                           },
"tenant_onboarding_checklist":
{ Args: { "tenant_id": string }; Returns: {
              "done": boolean,"item": string,"label": Json,"source": string
            }[]
                           },
"tenant_status_counts":
{ Args: Record<PropertyKey, never>; Returns: {
              "status": string,"tenants": number
            }[]
                           },
"transition_order":
{ Args: { "note"?: string,"order_id": string,"to_stage": string }; Returns: Json
                           },
"unlock_staff":
{ Args: { "reason": string,"user_id": string }; Returns: boolean
                           },
"unpublish_kb_article":
{ Args: { "slug": string }; Returns: undefined
                           },
"unsubscribe_notifications":
{ Args: { "p_token": string }; Returns: undefined
                           },
"update_webhook_endpoint":
{ Args: { "description"?: string,"enabled"?: boolean,"endpoint_id": string,"event_types"?: (string)[],"max_in_flight"?: number,"url"?: string }; Returns: {
              "consecutive_failures": number,
"created_at": string,
"created_by": string | null,
"description": string,
"disabled_reason": string | null,
"enabled": boolean,
"event_types": (string)[],
"failing_alerted_at": string | null,
"id": string,
"last_error": string | null,
"last_error_at": string | null,
"last_success_at": string | null,
"max_in_flight": number,
"tenant_id": string | null,
"updated_at": string,
"url": string
            }
                          SetofOptions: {
        from: "*"
        to: "webhook_endpoints"
        isOneToOne: true
        isSetofReturn: false
      } },
"upgrade_all_tenant_catalogs":
{ Args: { "reason"?: string,"release_no"?: number }; Returns: number
                           },
"upgrade_tenant_catalog":
{ Args: { "reason"?: string,"release_no"?: number,"tenant_id": string }; Returns: Json
                           },
"upgrade_tenant_workflow":
{ Args: { "template_id": string,"tenant_id": string }; Returns: Json
                           },
"validate_workflow":
{ Args: { "definition": Json }; Returns: Json
                           },
"void_invoice":
{ Args: { "invoice_id": string,"reason": string }; Returns: Json
                           },
"webhook_endpoint_health":
{ Args: { "endpoint_id"?: string }; Returns: {
              "attempts_24h": number,"disabled_reason": string,"enabled": boolean,"endpoint_id": string,"in_flight": number,"last_error": string,"last_error_at": string,"last_success_at": string,"latency_p50_ms": number,"latency_p95_ms": number,"queue_depth": number,"success_rate": number,"tenant_id": string,"url": string
            }[]
                           },
"workflow_stage_stats":
{ Args: { "for_template"?: string,"for_tenant"?: string,"from_ts": string,"to_ts": string }; Returns: {
              "bottleneck_rank": number,"breach_rate": number,"p50_seconds": number,"p95_seconds": number,"sla_breaches": number,"stage": string,"template_id": string,"tenant_id": string,"total_seconds": number,"transitions": number
            }[]
                           }
          }
          Enums: {
            [_ in never]: never
          }
          CompositeTypes: {
            "billing_mrr_row": {
                        "currency": string | null,"mrr": number | null,"arr": number | null,"active_subscriptions": number | null,"paying_tenants": number | null,"arpu": number | null
                      },"mrr_month_row": {
                        "month": string | null,"currency": string | null,"new": number | null,"expansion": number | null,"contraction": number | null,"churned": number | null,"reactivation": number | null,"net": number | null,"ending_mrr": number | null
                      },"support_inbox_row": {
                        "id": number | null,"tenant_id": string | null,"tenant_slug": string | null,"tenant_name": Json | null,"subject": string | null,"category": string | null,"priority": string | null,"status": string | null,"group_code": string | null,"assignee_id": string | null,"tags": (string)[] | null,"created_at": string | null,"updated_at": string | null,"next_due_at": string | null,"sla_state": string | null
                      }
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            
          }
        }
} as const
