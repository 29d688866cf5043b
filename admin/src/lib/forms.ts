// Modal forms: submitting with invalid fields marks the fields and stops there. antd's
// validateFields() rejects in that case; awaiting it bare in a Modal's onOk left an uncaught
// promise rejection (a page error) for every invalid submit.
import type { FormInstance } from 'antd';

/** The form's values when every rule passes, else null (the form shows what is wrong). */
export async function validValues<T = any>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
