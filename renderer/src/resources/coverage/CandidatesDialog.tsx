import { Link as RouterLink } from 'react-router';
import { Alert, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { Code } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** People of the town who already meet the entry conditions of the missing level. */
export function CandidatesDialog({
  regionId,
  regionName,
  levelId,
  levelName,
  gap,
  onClose,
}: {
  regionId: number;
  regionName: string;
  levelId: number;
  levelName: string;
  gap: number;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { data, loading } = useCall('coverage.candidates', { regionId, levelId });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="candidates-title">
      <DialogTitle id="candidates-title">{t('coverage.candidatesTitle', { region: regionName, level: levelName })}</DialogTitle>
      <DialogContent dividers>
        <Typography sx={{ mb: 1 }}>{t('coverage.candidatesHint', { gap, level: levelName })}</Typography>
        {loading && <Typography color="text.secondary">{t('common.loading')}</Typography>}
        {data && data.length === 0 && <Alert severity="info">{t('coverage.noCandidates')}</Alert>}
        <List dense aria-label={t('coverage.candidates')}>
          {(data ?? []).map((c) => (
            <ListItem
              key={c.personId}
              secondaryAction={
                <Button component={RouterLink} to={c.route === 'promote' ? `/supervisors/${c.supervisorId}` : `/people/${c.personId}`} size="small">
                  {t(c.route === 'promote' ? 'coverage.openSupervisor' : 'coverage.openPerson')}
                </Button>
              }
            >
              <ListItemText
                primary={
                  <>
                    {c.name} <Chip size="small" label={t(c.route === 'promote' ? 'coverage.routePromote' : 'coverage.routeAppoint')} sx={{ ml: 1 }} />
                  </>
                }
                secondary={
                  <>
                    <Code>{c.idNumber}</Code> · {c.organizationName ?? '—'} · {c.conditions.map((x) => x.text).join('；')}
                  </>
                }
              />
            </ListItem>
          ))}
        </List>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
