import { List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import { useEffect, useState } from 'react';
import { call, type Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';

type Check = Output<'supervisors.checkEntry'>;

/** Asks core which entry conditions of a level a person meets, and shows each with ✓ or ✗. */
export function useEntryCheck(personId: number | undefined, levelId: number | undefined, supervisorId?: number): Check | null {
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    setCheck(null);
    if (!personId || !levelId) return;
    let live = true;
    call('supervisors.checkEntry', { personId, levelId, ...(supervisorId ? { supervisorId } : {}) }).then(
      (result) => live && setCheck(result),
      () => live && setCheck(null),
    );
    return () => {
      live = false;
    };
  }, [personId, levelId, supervisorId]);
  return check;
}

export function EntryConditionList({ check }: { check: Check }) {
  const { t } = useI18n();
  if (check.conditions.length === 0) return <Typography variant="body2">{t('supervisor.entry.none')}</Typography>;
  return (
    <List dense disablePadding aria-label={t('supervisor.entry.title')}>
      {check.conditions.map((c) => (
        <ListItem key={c.key} disableGutters>
          <ListItemIcon sx={{ minWidth: 30 }}>
            {c.met ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color="error" fontSize="small" />}
          </ListItemIcon>
          <ListItemText primary={`${c.met ? t('supervisor.entry.met') : t('supervisor.entry.unmet')}：${c.text}`} />
        </ListItem>
      ))}
    </List>
  );
}
