import { useEffect } from 'react';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { ComboInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { regionFields } from '../../../../core/schemas/regions.ts';
import { useRegionOptions } from './useRegionOptions.ts';
import { RegionLevel } from '../../../../domain/index.ts';

type Region = Output<'regions.get'>;

export function RegionForm({ open, region: latest, onClose, onSaved }: { open: boolean; region: Region | null; onClose(): void; onSaved(): void }) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const region = record.held;
  const { t, label } = useI18n();
  const { options } = useRegionOptions(open);
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(regionFields, {
    code: '',
    name: '',
    level: 'town',
    parentId: null,
  });
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(
      region ? { code: region.code, name: region.name, level: region.level, parentId: region.parentId } : { code: '', name: '', level: 'town', parentId: null },
    );
    loadVersion(region?.version);
  }, [open, region, form, setFormError, loadVersion]);

  const onSubmit = submitWith(async (values) => {
    if (region) await call('regions.update', { ...values, id: region.id, version: version() });
    else await call('regions.create', values);
    onSaved();
  });

  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={region ? t('region.edit') : t('region.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="xs"
    >
      <TextInput control={form.control} name="name" label={t('region.name')} required autoFocus />
      <TextInput control={form.control} name="code" label={t('region.code')} required helperText={t('region.codeHelp')} />
      <SelectInput
        control={form.control}
        name="level"
        label={t('region.level')}
        required
        options={RegionLevel.values.map((v) => ({ value: v, label: label('regionLevel', v) }))}
      />
      <ComboInput control={form.control} name="parentId" label={t('region.parent')} options={options.filter((o) => o.value !== region?.id)} />
    </FormDialog>
  );
}
