import { useCallback, useRef, useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type PathValue } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { showTime } from '../api/clock.tsx';
import { fieldMeta } from './fieldMeta.ts';
import type { ConflictView } from './FormDialog.tsx';

type Choice = 'mine' | 'theirs';

/** Which record and which version: never offered as a choice. */
const NOT_COMPARED = new Set(['id', 'version']);

/** One field that differs between what the user entered and what the other user saved. */
interface Difference {
  name: string;
  mine: unknown;
  theirs: unknown;
  choice: Choice;
}

/**
 * react-hook-form with the same zod schema the API validates with. A refusal from core
 * lands under its field (or above the form); what the user typed stays in place.
 *
 * No silent overwrite: a form that edits a record loads its version (`loadVersion`) and sends it
 * (`version()`). When core refuses a stale one, the form keeps what the user typed, shows each
 * field the other user saved differently beside the user's own with a choice (a field the user
 * did not touch takes the other user's value: keeping the stale one would undo their change), and
 * takes the record's new version, so that saving again applies exactly what the user chose.
 */
export function useApiForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  const { t } = useI18n();
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: 'onTouched',
  });
  const [formError, setFormError] = useState<string | null>(null);
  const versionRef = useRef<number | undefined>(undefined);
  const [conflict, setConflict] = useState<{ by: string; at: string; differences: Difference[] } | null>(null);

  /** The version of the record the form shows (undefined for a new record); clears a previous conflict. */
  const loadVersion = useCallback((version: number | undefined) => {
    versionRef.current = version;
    setConflict(null);
  }, []);
  const version = useCallback(() => versionRef.current, []);

  const setField = (name: string, value: unknown) =>
    form.setValue(name as Path<z.input<S>>, value as PathValue<z.input<S>, Path<z.input<S>>>, { shouldDirty: true });

  const showConflict = (info: NonNullable<ApiError['conflict']>) => {
    versionRef.current = info.version;
    const mine = form.getValues() as Record<string, unknown>;
    const loaded = (form.formState.defaultValues ?? {}) as Record<string, unknown>;
    const theirs = valuesOf(info.current, Object.keys(mine));
    const differences: Difference[] = [];
    for (const name of Object.keys(mine)) {
      // Only what the form shows (a loaded record brings more: its id, version, timestamps).
      if (NOT_COMPARED.has(name) || !fieldMeta(form.control, name) || !(name in theirs) || same(mine[name], theirs[name])) continue;
      const value = asFormValue(theirs[name], mine[name]);
      const choice: Choice = same(mine[name], loaded[name]) ? 'theirs' : 'mine';
      differences.push({ name, mine: mine[name], theirs: value, choice });
      if (choice === 'theirs') setField(name, value);
    }
    setConflict({ by: info.by, at: info.at, differences });
  };

  const submitWith = (save: (values: z.output<S>) => Promise<unknown>) =>
    form.handleSubmit(async (values) => {
      setFormError(null);
      try {
        await save(values);
        setConflict(null);
      } catch (error) {
        if (error instanceof ApiError && error.conflict) {
          setFormError(error.message);
          showConflict(error.conflict);
        } else if (error instanceof ApiError && error.field && error.field in (form.getValues() as object)) {
          form.setError(error.field as Path<z.input<S>>, { type: 'server', message: error.message }, { shouldFocus: true });
        } else {
          setFormError(error instanceof Error ? error.message : String(error));
        }
      }
    });

  const display = (name: string, value: unknown): string => {
    const options = fieldMeta(form.control, name)?.options;
    const one = (v: unknown): string => {
      if (v === null || v === undefined || v === '') return t('conflict.empty');
      if (typeof v === 'boolean') return v ? t('conflict.yes') : t('conflict.no');
      const option = options?.find((o) => String(o.value) === String(v));
      return option ? option.label : String(v).replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ');
    };
    return Array.isArray(value) ? (value.length ? value.map(one).join('、') : t('conflict.empty')) : one(value);
  };

  const conflictView: ConflictView | null = conflict && {
    title: t('conflict.title', { by: conflict.by, at: showTime(conflict.at) }),
    fields: conflict.differences.map((d) => ({
      name: d.name,
      label: fieldMeta(form.control, d.name)?.label ?? d.name,
      mine: display(d.name, d.mine),
      theirs: display(d.name, d.theirs),
      choice: d.choice,
    })),
    choose: (name, choice) => {
      const difference = conflict.differences.find((d) => d.name === name);
      if (!difference) return;
      setField(name, choice === 'mine' ? difference.mine : difference.theirs);
      setConflict({ ...conflict, differences: conflict.differences.map((d) => (d.name === name ? { ...d, choice } : d)) });
    },
  };

  /** What FormDialog shows about the form: spread it as `{...dialog}`. */
  const dialog = {
    submitting: form.formState.isSubmitting,
    error: formError,
    hasFieldErrors: Object.keys(form.formState.errors).length > 0,
    conflict: conflictView,
  };
  return { form, formError, setFormError, submitWith, dialog, loadVersion, version };
}

/**
 * The form's fields in a record as its detail output shows it: the record itself, or the part of
 * it that holds them (a session's detail holds the session under `session`).
 */
function valuesOf(current: unknown, names: string[]): Record<string, unknown> {
  if (!current || typeof current !== 'object') return {};
  const record = current as Record<string, unknown>;
  const overlap = (o: Record<string, unknown>) => names.filter((n) => n in o).length;
  let best = record;
  for (const value of Object.values(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && overlap(value as Record<string, unknown>) > overlap(best))
      best = value as Record<string, unknown>;
  }
  return best;
}

/** Values compared as the user sees them: empty is empty, a date-time with or without its T. */
function normalized(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return JSON.stringify(value.map(normalized));
  return String(value).replace(/^(\d{4}-\d{2}-\d{2})T/, '$1 ');
}

const same = (a: unknown, b: unknown) => normalized(a) === normalized(b);

/** The other user's value in the form's own shape (an empty text field holds '', not null). */
function asFormValue(theirs: unknown, mine: unknown): unknown {
  if ((theirs === null || theirs === undefined) && typeof mine === 'string') return '';
  return theirs;
}
