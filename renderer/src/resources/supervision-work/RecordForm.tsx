import { useEffect, useMemo, useState } from 'react';
import { Controller, useWatch } from 'react-hook-form';
import { Button, Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ComboInput, DateTimeInput, MultiComboInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { recordFields } from '../../../../core/schemas/supervision-work.ts';
import { relationshipCurrentOn, SupervisionForm } from '../../../../domain/index.ts';
import { SupervisorPicker, type PickedSupervisor } from './SupervisorPicker.tsx';

type SupervisionRecord = Output<'supervision.record'>;
type Relationship = Output<'supervision.relationships'>[number];

const EMPTY = {
  supervisorId: 0,
  startsAt: '',
  endsAt: '',
  form: 'individual' as const,
  subjectIds: [] as number[],
  topic: '',
  summary: '',
  followUp: '',
  baseId: null,
};

/** Add or change a supervision record; the 督导对象 offered are the supervisor's relationships current on its date. */
export function RecordForm({ open, record, onClose, onSaved }: { open: boolean; record: SupervisionRecord | null; onClose(): void; onSaved(): void }) {
  const { t, label } = useI18n();
  const { user } = useAuth();
  const isCoordinator = user?.role === 'coordinator';
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(recordFields, EMPTY);
  const [supervisor, setSupervisor] = useState<PickedSupervisor | null>(null);
  const [relationships, setRelationships] = useState<Relationship[]>([]);
  const [bases, setBases] = useState<{ value: number; label: string }[]>([]);
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(
      record
        ? { ...EMPTY, ...record, summary: record.summary ?? '', followUp: record.followUp ?? '', subjectIds: record.subjects.map((s) => s.relationshipId) }
        : EMPTY,
    );
    setSupervisor(record ? { id: record.supervisorId, name: record.supervisorName, levelName: record.levelName } : null);
    loadVersion(record?.version);
  }, [open, record, form, setFormError, loadVersion]);

  useEffect(() => {
    if (!open || !isCoordinator) return;
    void call('bases.list', { pageSize: 100 }).then((page) => setBases(page.rows.map((b) => ({ value: b.id, label: b.name }))));
  }, [open, isCoordinator]);

  useEffect(() => {
    if (!supervisor) return setRelationships([]);
    let live = true;
    void call('supervision.relationships', { supervisorId: supervisor.id }).then((rows) => live && setRelationships(rows));
    return () => {
      live = false;
    };
  }, [supervisor]);

  const startsAt = useWatch({ control: form.control, name: 'startsAt' }) as string;
  const date = String(startsAt ?? '').slice(0, 10);
  const subjectOptions = useMemo(
    () =>
      relationships
        .filter((r) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || relationshipCurrentOn(r, date))
        .map((r) => ({ value: r.id, label: `${r.subjectName}（${label('supervisionForm', r.form)}）` })),
    [relationships, date, label],
  );

  const onSubmit = submitWith(async (values) => {
    if (record) await call('supervision.updateRecord', { ...values, id: record.id, version: version() });
    else await call('supervision.createRecord', values);
    onSaved();
  });

  return (
    <>
      <FormDialog
        open={open}
        title={record ? t('supervisionWork.edit') : t('supervisionWork.create')}
        onClose={onClose}
        onSubmit={onSubmit}
        maxWidth="md"
        {...dialog}
      >
        <Controller
          control={form.control}
          name="supervisorId"
          render={({ field, fieldState }) => (
            <SupervisorPicker
              value={supervisor}
              onChange={(s) => {
                setSupervisor(s);
                field.onChange(s?.id ?? 0);
                form.setValue('subjectIds', []);
              }}
              error={fieldState.error?.message}
            />
          )}
        />
        <Stack direction="row" spacing={2}>
          <DateTimeInput
            control={form.control}
            name="startsAt"
            label={t('supervisionWork.startsAt')}
            required
            placeholder={t('supervisionWork.dateTimePlaceholder')}
          />
          <DateTimeInput
            control={form.control}
            name="endsAt"
            label={t('supervisionWork.endsAt')}
            required
            placeholder={t('supervisionWork.dateTimePlaceholder')}
          />
          <SelectInput
            control={form.control}
            name="form"
            label={t('supervisionWork.form')}
            required
            options={SupervisionForm.values.map((v) => ({ value: v, label: label('supervisionForm', v) }))}
          />
        </Stack>
        <MultiComboInput
          control={form.control}
          name="subjectIds"
          label={t('supervisionWork.subjects')}
          options={subjectOptions}
          helperText={t('supervisionWork.subjectsHelp')}
        />
        <TextInput control={form.control} name="topic" label={t('supervisionWork.topic')} required />
        <TextInput control={form.control} name="summary" label={t('supervisionWork.summary')} multiline />
        <TextInput control={form.control} name="followUp" label={t('supervisionWork.followUp')} multiline />
        {isCoordinator && <ComboInput control={form.control} name="baseId" label={t('supervisionWork.base')} required options={bases} />}
        {record && (
          <Button color="error" onClick={() => setDeleting(true)} sx={{ alignSelf: 'flex-start' }}>
            {t('supervisionWork.delete')}
          </Button>
        )}
      </FormDialog>
      {record && (
        <ConfirmDialog
          open={deleting}
          title={t('supervisionWork.deleteTitle')}
          confirmLabel={t('supervisionWork.delete')}
          danger
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await call('supervision.deleteRecord', { id: record.id, version: version() });
            setDeleting(false);
            onSaved();
          }}
        >
          {t('supervisionWork.deleteConfirm', { name: record.supervisorName, time: record.startsAt.replace('T', ' '), topic: record.topic })}
        </ConfirmDialog>
      )}
    </>
  );
}
