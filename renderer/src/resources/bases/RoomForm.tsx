import { useEffect } from 'react';
import { call, type Output } from '../../api/client.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { roomFields } from '../../../../core/schemas/bases.ts';

type Room = Output<'bases.get'>['rooms'][number];

export function RoomForm({
  open,
  baseId,
  room: latest,
  onClose,
  onSaved,
}: {
  open: boolean;
  baseId: number;
  room: Room | null;
  onClose(): void;
  onSaved(): void;
}) {
  const record = useHeldRecord(open, latest); // another user's save shows a banner, not new values under the user's hands
  const room = record.held;
  const { t } = useI18n();
  const { form, setFormError, submitWith, dialog, loadVersion, version } = useApiForm(roomFields, { baseId, name: '', seats: undefined as unknown as number });
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(room ? { baseId, name: room.name, seats: room.seats } : { baseId, name: '', seats: undefined as unknown as number });
    loadVersion(room?.version);
  }, [open, room, baseId, form, setFormError, loadVersion]);
  const onSubmit = submitWith(async (values) => {
    if (room) await call('rooms.update', { id: room.id, version: version(), name: values.name, seats: values.seats });
    else await call('rooms.create', values);
    onSaved();
  });
  return (
    <FormDialog
      changedElsewhere={record}
      open={open}
      title={room ? t('room.edit') : t('room.create')}
      onClose={onClose}
      onSubmit={onSubmit}
      {...dialog}
      maxWidth="xs"
    >
      <TextInput control={form.control} name="name" label={t('room.name')} required autoFocus />
      <TextInput control={form.control} name="seats" label={t('room.seats')} required numeric />
    </FormDialog>
  );
}
