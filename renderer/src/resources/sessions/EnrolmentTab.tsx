import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import GroupAddIcon from '@mui/icons-material/GroupAdd';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Code } from '../../components/Page.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EnrolDialog } from './EnrolDialog.tsx';
import { RosterDialog } from './RosterDialog.tsx';
import type { Enrolment, SessionTabProps } from './sessionTab.ts';

/** Who holds a place, who waits, who left; enrolment one by one or from a list, and withdrawal. */
export function EnrolmentTab({ session, enrolments, can, canWrite, onChanged }: SessionTabProps) {
  const { t, label } = useI18n();
  const [adding, setAdding] = useState(false);
  const [bulk, setBulk] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Enrolment | null>(null);
  const acceptsEnrolment = canWrite && can.enrol.allowed;
  const done = (close: () => void) => (message: string) => {
    close();
    onChanged(message);
  };
  const withdraw = async () => {
    const result = await call('enrolments.withdraw', { id: withdrawing!.id, version: withdrawing!.version });
    setWithdrawing(null);
    const promoted = result.promoted.map((p) => `「${p.name}」`).join('、');
    onChanged([t('enrol.withdrawn', { name: result.withdrawn }), promoted && t('session.promoted', { names: promoted })].filter(Boolean).join('；'));
  };
  return (
    <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
      <Stack direction="row" spacing={1}>
        {acceptsEnrolment && (
          <>
            <Button variant="outlined" startIcon={<PersonAddIcon />} onClick={() => setAdding(true)}>
              {t('enrol.add')}
            </Button>
            <Button variant="outlined" startIcon={<GroupAddIcon />} onClick={() => setBulk(true)}>
              {t('enrol.bulk')}
            </Button>
          </>
        )}
        {enrolments.length > 0 && <ExportButton operation="enrolments.export" query={{ sessionId: session.id }} />}
      </Stack>
      {enrolments.length === 0 ? (
        <Typography color="text.secondary">{t('enrol.empty')}</Typography>
      ) : (
        <Table size="small" aria-label={t('session.tab.enrolments')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('enrol.name')}</TableCell>
              <TableCell>{t('enrol.idNumber')}</TableCell>
              <TableCell>{t('enrol.organization')}</TableCell>
              <TableCell>{t('enrol.status')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {enrolments.map((e) => (
              <TableRow key={e.id} sx={e.status === 'withdrawn' || e.status === 'not_admitted' ? { '& td': { color: 'text.disabled' } } : undefined}>
                <TableCell>
                  <Button component={RouterLink} to={`/people/${e.personId}`} size="small" sx={{ minWidth: 0, p: 0 }}>
                    {e.name}
                  </Button>
                </TableCell>
                <TableCell>
                  <Code>{e.idNumber}</Code>
                </TableCell>
                <TableCell>{e.organizationName ?? '—'}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant={e.status === 'enrolled' ? 'filled' : 'outlined'}
                    color={e.status === 'waitlisted' ? 'warning' : e.status === 'enrolled' ? 'primary' : 'default'}
                    label={e.status === 'waitlisted' ? t('enrol.waitlistPosition', { position: e.waitlistPosition ?? '' }) : label('enrolStatus', e.status)}
                  />
                </TableCell>
                <TableCell align="right">
                  {canWrite && e.canWithdraw && (
                    <Button size="small" color="error" aria-label={`${t('enrol.withdraw')}：${e.name}`} onClick={() => setWithdrawing(e)}>
                      {t('enrol.withdraw')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <EnrolDialog open={adding} sessionId={session.id} onClose={() => setAdding(false)} onDone={done(() => setAdding(false))} />
      <RosterDialog open={bulk} sessionId={session.id} onClose={() => setBulk(false)} onDone={done(() => setBulk(false))} />
      <ConfirmDialog
        open={!!withdrawing}
        title={t('enrol.withdrawTitle', { name: withdrawing?.name ?? '' })}
        confirmLabel={t('enrol.withdrawConfirm')}
        danger
        onClose={() => setWithdrawing(null)}
        onConfirm={withdraw}
      >
        {withdrawing?.status === 'enrolled' && session.waitlistedCount > 0 && <Typography>{t('enrol.withdrawText')}</Typography>}
      </ConfirmDialog>
    </Stack>
  );
}
