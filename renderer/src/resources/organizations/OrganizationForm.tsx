import { useEffect } from 'react';
import { Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { ComboInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { organizationFields, type OrganizationInput } from '../../../../core/schemas/organizations.ts';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { OrganizationKind } from '../../../../domain/index.ts';

type Organization = Output<'organizations.get'>;

const EMPTY: OrganizationInput = {
  name: '',
  kind: 'social_work_agency',
  creditCode: '',
  regionId: null,
  address: '',
  contactName: '',
  contactPhone: '',
};

export function OrganizationForm({
  open,
  organization: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  organization: Organization | null;
  onClose(): void;
  onSaved(): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const organization = record.held;
  const { t, label } = useI18n();
  const { options: regionOptions } = useRegionOptions(open);
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(organizationFields, EMPTY);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(organization ? { ...EMPTY, ...organization } : EMPTY);
    loadVersion(organization?.version);
  }, [open, organization, form, setFormError, loadVersion]);

  const onSubmit = submitWith(async (values) => {
    if (organization) await call('organizations.update', { ...values, id: organization.id, version: version() });
    else await call('organizations.create', values);
    onSaved();
  });

  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={organization ? t('organization.edit') : t('organization.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
    >
      <TextInput control={form.control} name="name" label={t('organization.name')} required autoFocus />
      <Stack direction="row" spacing={2}>
        <SelectInput
          control={form.control}
          name="kind"
          label={t('organization.kind')}
          required
          options={OrganizationKind.values.map((v) => ({ value: v, label: label('orgKind', v) }))}
        />
        <ComboInput control={form.control} name="regionId" label={t('organization.region')} options={regionOptions} />
      </Stack>
      <TextInput control={form.control} name="creditCode" label={t('organization.creditCode')} />
      <TextInput control={form.control} name="address" label={t('organization.address')} />
      <Stack direction="row" spacing={2}>
        <TextInput control={form.control} name="contactName" label={t('organization.contactName')} />
        <TextInput control={form.control} name="contactPhone" label={t('organization.contactPhone')} />
      </Stack>
    </FormDialog>
  );
}
