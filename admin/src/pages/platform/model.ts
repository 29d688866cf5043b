// Platform settings, maintenance windows and announcements: the shapes the console reads and the
// checks it runs before the database does (the same schema subset as private.json_schema_errors).

export interface SettingSchema {
  type: 'string' | 'integer' | 'number' | 'boolean';
  minimum?: number; maximum?: number; enum?: string[]; minLength?: number; maxLength?: number; pattern?: string;
}

export interface PlatformSetting {
  key: string;
  schema: SettingSchema;
  default_value: unknown;
  description: { en?: string; ar?: string };
  value: unknown;
  version: number;
  reason: string | null;
  changed_by: string | null;
  changed_at: string | null;
}

export interface StatusWindow {
  id: string; region: string | null; starts_at: string; ends_at: string | null; active: boolean;
  message: { en: string; ar: string };
}
export interface StatusAnnouncement {
  id: string; severity: 'info' | 'warning' | 'critical'; title: { en: string; ar: string }; body: { en: string; ar: string };
  starts_at: string; ends_at: string | null;
}
export interface PlatformStatus {
  now: string;
  maintenance: { active: boolean; windows: StatusWindow[] };
  announcements: StatusAnnouncement[];
}

/** What is wrong with a value for a setting's schema, as an i18n key and its values; null when it fits. */
export function settingValueError(schema: SettingSchema, value: unknown): { key: string; values?: Record<string, unknown> } | null {
  if (value === null || value === undefined || value === '') return { key: 'platform.settings.errors.required' };
  switch (schema.type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : { key: 'platform.settings.errors.type' };
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return { key: 'platform.settings.errors.type' };
      if (schema.type === 'integer' && !Number.isInteger(value)) return { key: 'platform.settings.errors.integer' };
      if (schema.minimum !== undefined && value < schema.minimum) return { key: 'platform.settings.errors.minimum', values: { min: schema.minimum } };
      if (schema.maximum !== undefined && value > schema.maximum) return { key: 'platform.settings.errors.maximum', values: { max: schema.maximum } };
      return null;
    }
    case 'string': {
      if (typeof value !== 'string') return { key: 'platform.settings.errors.type' };
      if (schema.enum && !schema.enum.includes(value)) return { key: 'platform.settings.errors.enum', values: { values: schema.enum.join(', ') } };
      if (schema.minLength !== undefined && value.length < schema.minLength) return { key: 'platform.settings.errors.min_length', values: { min: schema.minLength } };
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return { key: 'platform.settings.errors.max_length', values: { max: schema.maxLength } };
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return { key: 'platform.settings.errors.pattern' };
      return null;
    }
  }
  return { key: 'platform.settings.errors.type' };
}

/** Windows a banner shows: running ones first. */
export function bannerWindows(status: PlatformStatus | null | undefined): StatusWindow[] {
  const list = status?.maintenance.windows ?? [];
  return [...list].sort((a, b) => Number(b.active) - Number(a.active) || a.starts_at.localeCompare(b.starts_at));
}
