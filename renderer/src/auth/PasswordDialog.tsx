import type { Control, DefaultValues, FieldValues, Path } from 'react-hook-form';
import type { z } from 'zod';
import { FormDialog } from '../components/FormDialog.tsx';
import { TextInput } from '../components/fields.tsx';
import { useApiForm } from '../components/useApiForm.ts';
import { useI18n } from '../i18n/index.tsx';

interface PasswordField<S extends z.ZodType<FieldValues, FieldValues>> {
  name: Path<z.input<S>>;
  label: string;
  /** A password being set: the rules it must meet are shown under it. */
  isNew?: boolean;
}

/**
 * A password set in a small dialog, with the schema core checks: one's own (the current one and the
 * new, from the user menu) or another user's, reset by an administrator (用户).
 */
export function PasswordDialog<S extends z.ZodType<FieldValues, FieldValues>>(props: {
  title: string;
  schema: S;
  defaults: DefaultValues<z.input<S>>;
  fields: PasswordField<S>[];
  save(values: z.output<S>): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { form, submitWith, dialog } = useApiForm(props.schema, props.defaults);
  // The field components take the form's input type; a generic schema cannot show TypeScript the two agree.
  const control = form.control as unknown as Control<z.input<S>>;
  return (
    <FormDialog open title={props.title} onClose={props.onClose} onSubmit={submitWith(props.save)} {...dialog} maxWidth="xs">
      {props.fields.map((field, i) => (
        <TextInput
          key={field.name}
          control={control}
          name={field.name}
          label={field.label}
          required
          autoFocus={i === 0}
          helperText={field.isNew ? t('auth.passwordHelp') : undefined}
          slotProps={{ htmlInput: { type: 'password' } }}
        />
      ))}
    </FormDialog>
  );
}
