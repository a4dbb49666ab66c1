import { useEffect } from 'react';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { certificateFields, type CertificateInput } from '../../../../core/schemas/certificates.ts';
import { CertificateLevel } from '../../../../domain/index.ts';

type Certificate = Output<'certificates.update'>;

const EMPTY: CertificateInput = { level: 'assistant', number: '', issuedOn: '', registrationValidUntil: '' };

export function CertificateForm({
  open,
  personId,
  certificate: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  personId: number;
  certificate: Certificate | null;
  onClose(): void;
  onSaved(): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const certificate = record.held;
  const { t, label } = useI18n();
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(certificateFields, EMPTY);
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    // A computed end stays computed (empty) unless the user enters one.
    form.reset(
      certificate
        ? {
            level: certificate.level,
            number: certificate.number,
            issuedOn: certificate.issuedOn,
            registrationValidUntil: certificate.registrationSource === 'computed' ? '' : certificate.registrationValidUntil,
          }
        : EMPTY,
    );
    loadVersion(certificate?.version);
  }, [open, certificate, form, setFormError, loadVersion]);

  const onSubmit = submitWith(async (values) => {
    if (certificate) await call('certificates.update', { ...values, id: certificate.id, version: version() });
    else await call('certificates.create', { ...values, personId });
    onSaved();
  });

  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={certificate ? t('certificate.edit') : t('certificate.add')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="xs"
    >
      <SelectInput
        control={form.control}
        name="level"
        label={t('certificate.level')}
        required
        options={CertificateLevel.values.map((v) => ({ value: v, label: label('certLevel', v) }))}
      />
      <TextInput control={form.control} name="number" label={t('certificate.number')} required autoFocus />
      <DateInput control={form.control} name="issuedOn" label={t('certificate.issuedOn')} required />
      <DateInput
        control={form.control}
        name="registrationValidUntil"
        label={t('certificate.registrationValidUntil')}
        helperText={t('certificate.registrationHelp')}
      />
    </FormDialog>
  );
}
