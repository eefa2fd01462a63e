import type { RenderedForm } from 'cartrover-connector/contracts';

/**
 * The rendered form as the host answers it. By contract a form's `jsonForms.data` hands back a
 * secret its caller typed (so an in-process JSON Forms keeps it across re-renders); no answer of
 * this host carries a secret, so a typed one shows blank there as in `fields` (a JSON Forms client
 * of the REST API keeps what it typed itself). A stored secret stays absent ("keep the stored one").
 */
export function withoutTypedSecrets(form: RenderedForm, secretFields: readonly string[]): RenderedForm {
  const data = form.jsonForms.data;
  const typed = secretFields.filter((field) => data[field] !== undefined && data[field] !== '');
  if (typed.length === 0) return form;
  const blanked: Record<string, string> = { ...data };
  for (const field of typed) blanked[field] = '';
  return { ...form, jsonForms: { ...form.jsonForms, data: blanked } };
}
