import { Alert, Button } from '@mui/material';
import { useI18n } from '../i18n/index.tsx';

/** The banner of a form whose record another user changed meanwhile (useHeldRecord): the user decides when to take the new values. */
export function ChangedElsewhere({ changed, takeLatest }: { changed: boolean; takeLatest(): void }) {
  const { t } = useI18n();
  if (!changed) return null;
  return (
    <Alert
      severity="warning"
      action={
        <Button color="inherit" size="small" onClick={takeLatest}>
          {t('live.loadLatest')}
        </Button>
      }
    >
      {t('live.changedElsewhere')}
    </Alert>
  );
}
