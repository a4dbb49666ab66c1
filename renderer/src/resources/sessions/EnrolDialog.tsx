import { useEffect, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { PersonPicker } from '../supervisors/PersonPicker.tsx';

type Person = Output<'people.list'>['rows'][number];

/** Enrols one person; a full session puts them on the waitlist, which the result says. */
export function EnrolDialog({ open, sessionId, onClose, onDone }: { open: boolean; sessionId: number; onClose(): void; onDone(message: string): void }) {
  const { t } = useI18n();
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) {
      setPerson(null);
      setError(null);
    }
  }, [open]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!person) return setError(t('supervisor.personPick'));
    setBusy(true);
    try {
      const outcome = await call('enrolments.enrol', { sessionId, personId: person.id });
      onDone(
        outcome.status === 'enrolled'
          ? t('enrol.enrolled', { name: outcome.name })
          : t('enrol.waitlistedAt', { name: outcome.name, position: outcome.waitlistPosition ?? '' }),
      );
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="enrol-dialog-title">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id="enrol-dialog-title">{t('enrol.addTitle')}</DialogTitle>
        <DialogContent dividers>
          <Stack spacing={2}>
            {error && <Alert severity="error">{error}</Alert>}
            <PersonPicker value={person} onChange={setPerson} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {t('enrol.add')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
