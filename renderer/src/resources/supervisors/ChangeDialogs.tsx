/** The lifecycle actions on a supervisor: each asks for the effective date and a reason, and core records an event. */

import { Alert, Typography } from '@mui/material';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { ComboInput, DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { levelChange, regionChange, statusChange, validityChange } from '../../../../core/schemas/supervisors.ts';
import type { SupervisorStatus } from '../../../../domain/index.ts';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { EntryConditionList, useEntryCheck } from './EntryConditions.tsx';
import { today } from '../../api/clock.tsx';

type Supervisor = Output<'supervisors.get'>['supervisor'];
export type ChangeAction = 'level' | 'status' | 'validity' | 'region';

interface Props {
  supervisor: Supervisor;
  /** What core allows now (supervisors.get's allowedStatusTargets): the status dialog offers only these. */
  allowedStatusTargets: readonly SupervisorStatus[];
  onClose(): void;
  onSaved(): void;
}

function Common<T extends FieldValues>({ control }: { control: Control<T> }) {
  const { t } = useI18n();
  return (
    <>
      <DateInput control={control} name={'effectiveOn' as Path<T>} label={t('supervisor.change.effectiveOn')} required />
      <TextInput control={control} name={'reason' as Path<T>} label={t('supervisor.change.reason')} required multiline minRows={2} />
    </>
  );
}

function LevelDialog({ supervisor, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { data: levels } = useCall('supervisors.levels', {});
  const { form, submitWith, dialog, version } = useApiForm(levelChange, {
    id: supervisor.id,
    levelId: undefined as unknown as number,
    effectiveOn: today(),
    reason: '',
    overrideReason: '',
  });
  const levelId = form.watch('levelId');
  const target = levels?.find((l) => l.id === levelId);
  const promotion = target !== undefined && target.rank > supervisor.levelRank;
  const check = useEntryCheck(promotion ? supervisor.personId : undefined, levelId, supervisor.id);
  return (
    <FormDialog
      open
      title={t('supervisor.change.levelTitle', { name: supervisor.personName })}
      onClose={onClose}
      onSubmit={submitWith(async (values) => (await call('supervisors.changeLevel', { ...values, version: version() ?? supervisor.version }), onSaved()))}
      {...dialog}
    >
      <Typography>{t('supervisor.change.current', { value: supervisor.levelName })}</Typography>
      <SelectInput
        control={form.control}
        name="levelId"
        label={t('supervisor.change.newLevel')}
        required
        options={(levels ?? []).filter((l) => l.id !== supervisor.levelId).map((l) => ({ value: l.id, label: l.name }))}
      />
      {check && (
        <Alert severity={check.allMet ? 'success' : 'warning'} icon={false}>
          <Typography variant="subtitle2">{t(check.allMet ? 'supervisor.entry.allMet' : 'supervisor.entry.someUnmet')}</Typography>
          <EntryConditionList check={check} />
        </Alert>
      )}
      <Common control={form.control} />
      {check && !check.allMet && (
        <TextInput control={form.control} name="overrideReason" label={t('supervisor.overrideReason')} required multiline minRows={2} />
      )}
    </FormDialog>
  );
}

function StatusDialog({ supervisor, allowedStatusTargets, onClose, onSaved }: Props) {
  const { t, label } = useI18n();
  const { form, submitWith, dialog, version } = useApiForm(statusChange, {
    id: supervisor.id,
    status: undefined as never,
    effectiveOn: today(),
    reason: '',
    validUntil: '',
  });
  const status = form.watch('status');
  return (
    <FormDialog
      open
      title={t('supervisor.change.statusTitle', { name: supervisor.personName })}
      onClose={onClose}
      onSubmit={submitWith(async (values) => (await call('supervisors.changeStatus', { ...values, version: version() ?? supervisor.version }), onSaved()))}
      {...dialog}
      submitLabel={status === 'revoked' ? t('supervisor.change.confirmRevoke', { name: supervisor.personName }) : undefined}
      danger={status === 'revoked'}
    >
      <Typography>{t('supervisor.change.current', { value: label('supervisorStatus', supervisor.status) })}</Typography>
      <SelectInput
        control={form.control}
        name="status"
        label={t('supervisor.change.newStatus')}
        required
        options={allowedStatusTargets.map((s) => ({ value: s, label: label('supervisorStatus', s) }))}
      />
      {status === 'revoked' && <Alert severity="error">{t('supervisor.change.revokeWarning', { name: supervisor.personName })}</Alert>}
      {status === 'active' && (
        <DateInput
          control={form.control}
          name="validUntil"
          label={t('supervisor.change.newValidUntil')}
          helperText={t('supervisor.change.newValidUntilHelp', { date: supervisor.validUntil })}
        />
      )}
      <Common control={form.control} />
    </FormDialog>
  );
}

function ValidityDialog({ supervisor, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { form, submitWith, dialog, version } = useApiForm(validityChange, {
    id: supervisor.id,
    validUntil: supervisor.validUntil,
    effectiveOn: today(),
    reason: '',
  });
  return (
    <FormDialog
      open
      title={t('supervisor.change.validityTitle', { name: supervisor.personName })}
      onClose={onClose}
      onSubmit={submitWith(async (values) => (await call('supervisors.changeValidity', { ...values, version: version() ?? supervisor.version }), onSaved()))}
      {...dialog}
    >
      <DateInput control={form.control} name="validUntil" label={t('supervisor.validUntil')} required />
      <Common control={form.control} />
    </FormDialog>
  );
}

function RegionDialog({ supervisor, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { options } = useRegionOptions();
  const { form, submitWith, dialog, version } = useApiForm(regionChange, {
    id: supervisor.id,
    regionId: supervisor.regionId,
    effectiveOn: today(),
    reason: '',
  });
  return (
    <FormDialog
      open
      title={t('supervisor.change.regionTitle', { name: supervisor.personName })}
      onClose={onClose}
      onSubmit={submitWith(async (values) => (await call('supervisors.changeRegion', { ...values, version: version() ?? supervisor.version }), onSaved()))}
      {...dialog}
    >
      <ComboInput control={form.control} name="regionId" label={t('supervisor.region')} required options={options} />
      <Common control={form.control} />
    </FormDialog>
  );
}

export function SupervisorChangeDialog({ action, ...props }: Props & { action: ChangeAction }) {
  if (action === 'level') return <LevelDialog {...props} />;
  if (action === 'status') return <StatusDialog {...props} />;
  if (action === 'validity') return <ValidityDialog {...props} />;
  return <RegionDialog {...props} />;
}
