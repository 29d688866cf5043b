import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALLOWED_TYPES, attachmentPath, fromStorageError, MAX_BYTES, precheck, safeName } from './attachments';

// The bucket as the schema declares it: the console's early checks must say what the server says.
const schema = readFileSync(join(__dirname, '..', '..', '..', '..', 'supabase', 'schemas', 'support', '29_support_attachments.sql'), 'utf8');
const bucket = /\('support-attachments', 'support-attachments', false, (\d+), '\{([^}]*)\}'\)/.exec(schema)!;

describe('ticket attachments in the console', () => {
  test('the limits are the bucket\'s', () => {
    expect(MAX_BYTES).toBe(Number(bucket[1]));
    expect([...ALLOWED_TYPES].sort()).toEqual(bucket[2].split(',').sort());
  });

  test('a file over the limit or of another type is refused before upload, with the SQL codes', () => {
    expect(precheck({ name: 'a.png', type: 'image/png', size: MAX_BYTES })).toBeNull();
    expect(precheck({ name: 'a.png', type: 'image/png', size: MAX_BYTES + 1 })?.details).toBe('support.attachment_too_large');
    expect(precheck({ name: 'a.html', type: 'text/html', size: 10 })?.details).toBe('support.attachment_type_forbidden');
    expect(precheck({ name: 'a.svg', type: 'image/svg+xml', size: 10 })?.details).toBe('support.attachment_type_forbidden');
    expect(fromStorageError({ statusCode: '413' }, 'x')).toMatchObject({ details: 'support.attachment_too_large' });
    expect(fromStorageError({ statusCode: '415' }, 'x')).toMatchObject({ details: 'support.attachment_type_forbidden' });
  });

  test('paths follow <tenant>/<ticket>/<uuid>-<safe name>, whatever the file is called', () => {
    const uuid = '00000000-0000-4000-a000-000000000000';
    expect(attachmentPath('t1', 42, 'فاتورة مارس.pdf', uuid)).toBe(`t1/42/${uuid}-attachment.pdf`);
    expect(attachmentPath('t1', 42, '../../etc/passwd', uuid)).toBe(`t1/42/${uuid}-etc_passwd`);
    expect(safeName('receipt photo (1).PNG')).toBe('receipt_photo_1.PNG');
    expect(safeName(`${'x'.repeat(300)}.png`)).toHaveLength(100);
  });
});
