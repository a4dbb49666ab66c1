import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';

/**
 * react-hook-form with the same zod schema the API validates with. A refusal from core
 * lands under its field (or above the form); what the user typed stays in place.
 */
export function useApiForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: 'onTouched',
  });
  const [formError, setFormError] = useState<string | null>(null);

  const submitWith = (save: (values: z.output<S>) => Promise<unknown>) =>
    form.handleSubmit(async (values) => {
      setFormError(null);
      try {
        await save(values);
      } catch (error) {
        if (error instanceof ApiError && error.field && error.field in (form.getValues() as object)) {
          form.setError(error.field as Path<z.input<S>>, { type: 'server', message: error.message }, { shouldFocus: true });
        } else {
          setFormError(error instanceof Error ? error.message : String(error));
        }
      }
    });

  /** What FormDialog shows about the form: spread it as `{...dialog}`. */
  const dialog = { submitting: form.formState.isSubmitting, error: formError, hasFieldErrors: Object.keys(form.formState.errors).length > 0 };
  return { form, formError, setFormError, submitWith, dialog };
}
