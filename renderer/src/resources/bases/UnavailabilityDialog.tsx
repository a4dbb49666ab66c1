import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { DateInput, DateTimeInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { unavailabilityFields, type UnavailabilityInput } from '../../../../core/schemas/unavailability.ts';

type Row = Output<'unavailability.ofMentor'>['rows'][number];

/**
 * A mentor's 不可用时间, opened from their row in a base's 导师库: every entry of the person (whichever
 * base recorded it: their time is theirs everywhere), added and removed here. The session save's
 * check refuses a session in one of them, naming the entry.
 */
export function UnavailabilityDialog({ mentor, canWrite, onClose }: { mentor: { id: number; personName: string } | null; canWrite: boolean; onClose(): void }) {
  const { t } = useI18n();
  const open = mentor !== null;
  const { data, reload } = useCall('unavailability.ofMentor', { mentorId: mentor?.id ?? 0 }, open);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Row | null>(null);
  const [clashes, setClashes] = useState<string | null>(null);
  useEffect(() => setClashes(null), [mentor]);
  const name = mentor?.personName ?? '';
  return (
    <>
      <Dialog open={open} onClose={onClose} fullWidth maxWidth="md" aria-labelledby="unavailability-title">
        <DialogTitle id="unavailability-title">{t('unavailability.title', { name })}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
            <Typography variant="body2" color="text.secondary">
              {t('unavailability.intro')}
            </Typography>
            {clashes && <Alert severity="warning">{clashes}</Alert>}
            {canWrite && (
              <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
                {t('unavailability.add')}
              </Button>
            )}
            {data && data.rows.length === 0 && <Typography color="text.secondary">{t('unavailability.empty')}</Typography>}
            {data && data.rows.length > 0 && (
              <Table size="small" aria-label={t('unavailability.open')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('unavailability.when')}</TableCell>
                    <TableCell>{t('unavailability.recordedAt')}</TableCell>
                    <TableCell>{t('unavailability.source')}</TableCell>
                    {canWrite && <TableCell />}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.rows.map((row) => (
                    <TableRow key={row.id}>
                      <TableCell>{row.description}</TableCell>
                      <TableCell>{row.baseName}</TableCell>
                      <TableCell>{t(`unavailability.source.${row.source}`)}</TableCell>
                      {canWrite && (
                        <TableCell padding="checkbox">
                          <Button size="small" color="error" aria-label={`${t('unavailability.remove')}：${row.description}`} onClick={() => setRemoving(row)}>
                            {t('unavailability.remove')}
                          </Button>
                        </TableCell>
                      )}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{t('common.close')}</Button>
        </DialogActions>
      </Dialog>
      {mentor && (
        <UnavailabilityForm
          open={adding}
          mentor={mentor}
          onClose={() => setAdding(false)}
          onSaved={(sessions) => {
            setAdding(false);
            setClashes(sessions.length ? t('unavailability.clashes', { sessions: sessions.join('；') }) : null);
            reload();
          }}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('unavailability.removeTitle', { what: removing?.description ?? '' })}
        confirmLabel={t('unavailability.removeConfirm')}
        danger
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          await call('unavailability.remove', { id: removing!.id, version: removing!.version });
          setRemoving(null);
          reload();
        }}
      />
    </>
  );
}

const blank = (mentorId: number): UnavailabilityInput => ({
  mentorId,
  kind: 'weekly',
  weekday: 2,
  startTime: '',
  endTime: '',
  validFrom: '',
  validUntil: '',
  reason: '',
});

function UnavailabilityForm({
  open,
  mentor,
  onClose,
  onSaved,
}: {
  open: boolean;
  mentor: { id: number; personName: string };
  onClose(): void;
  onSaved(clashingSessions: string[]): void;
}) {
  const { t } = useI18n();
  const { form, setFormError, submitWith, dialog } = useApiForm(unavailabilityFields, blank(mentor.id));
  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.reset(blank(mentor.id));
  }, [open, mentor.id, form, setFormError]);
  const kind = form.watch('kind');
  const onSubmit = submitWith(async (values) => {
    const added = await call('unavailability.add', values);
    onSaved(added.clashingSessions.map((s) => s.description));
  });
  return (
    <FormDialog open={open} title={t('unavailability.addTitle', { name: mentor.personName })} onClose={onClose} onSubmit={onSubmit} {...dialog} maxWidth="sm">
      <SelectInput
        control={form.control}
        name="kind"
        label={t('unavailability.kind')}
        required
        options={(['weekly', 'once'] as const).map((v) => ({ value: v, label: t(`unavailability.kind.${v}`) }))}
      />
      {kind === 'once' ? (
        <Stack direction="row" spacing={2}>
          <DateTimeInput control={form.control} name="startsAt" label={t('unavailability.startsAt')} required placeholder={t('session.dateTimePlaceholder')} />
          <DateTimeInput control={form.control} name="endsAt" label={t('unavailability.endsAt')} required placeholder={t('session.dateTimePlaceholder')} />
        </Stack>
      ) : (
        <>
          <Stack direction="row" spacing={2}>
            <SelectInput
              control={form.control}
              name="weekday"
              label={t('unavailability.weekday')}
              required
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.1') }))}
            />
            <TextInput
              control={form.control}
              name="startTime"
              label={t('unavailability.startTime')}
              required
              slotProps={{ htmlInput: { placeholder: t('unavailability.timePlaceholder') } }}
            />
            <TextInput
              control={form.control}
              name="endTime"
              label={t('unavailability.endTime')}
              required
              slotProps={{ htmlInput: { placeholder: t('unavailability.timePlaceholder') } }}
            />
          </Stack>
          <Stack direction="row" spacing={2}>
            <DateInput control={form.control} name="validFrom" label={t('unavailability.validFrom')} />
            <DateInput control={form.control} name="validUntil" label={t('unavailability.validUntil')} />
          </Stack>
        </>
      )}
      <TextInput control={form.control} name="reason" label={t('unavailability.reason')} />
    </FormDialog>
  );
}

/** On a person's 授课记录 (the mentor's page): their 不可用时间, recorded through one of their pools the user may see. */
export function PersonUnavailabilityButton({ personId, canWrite }: { personId: number; canWrite: boolean }) {
  const { t } = useI18n();
  const { data } = useCall('mentors.ofPerson', { personId });
  const [open, setOpen] = useState(false);
  const membership = data?.[0];
  if (!membership) return null;
  return (
    <>
      <Button variant="outlined" size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => setOpen(true)}>
        {t('unavailability.open')}
      </Button>
      <UnavailabilityDialog
        mentor={open ? { id: membership.id, personName: membership.personName } : null}
        canWrite={canWrite}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
