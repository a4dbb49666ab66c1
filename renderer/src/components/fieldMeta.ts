/**
 * What the form controls (fields.tsx) know about their field: its label and, for a choice, its
 * options. Kept per form (its react-hook-form control), so that a refused stale save can name the
 * fields that differ and show their values as the user sees them (useApiForm, FormDialog).
 */
export interface FieldMeta {
  label: string;
  options?: readonly { value: string | number; label: string }[] | undefined;
}

const metas = new WeakMap<object, Map<string, FieldMeta>>();

/** Called by each control as it renders. */
export function registerField(control: object, name: string, meta: FieldMeta): void {
  let fields = metas.get(control);
  if (!fields) metas.set(control, (fields = new Map()));
  fields.set(name, meta);
}

export function fieldMeta(control: object, name: string): FieldMeta | undefined {
  return metas.get(control)?.get(name);
}
