import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Chip, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { TextInput } from '../../components/fields.tsx';
import { Page } from '../../components/Page.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { cycleCreate } from '../../../../core/schemas/recert.ts';
import { showDay, thisYear } from '../../api/clock.tsx';

/** 年度再审核: one cycle per year, newest first. */
export function CycleList() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const canWrite = useAuth().can('registry.write');
  const { data } = useCall('recert.cycles', {});
  const [creating, setCreating] = useState(false);
  const { form, submitWith, dialog } = useApiForm(cycleCreate, { year: thisYear() });
  const onSubmit = submitWith(async (values) => {
    const { id } = await call('recert.create', values);
    navigate(`/recert/${id}`);
  });
  return (
    <Page
      title={t('recert.title')}
      actions={
        <>
          <Button onClick={() => navigate('/recert/outstanding')}>{t('nav.outstanding')}</Button>
          {canWrite && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => (form.reset({ year: thisYear() }), setCreating(true))}>
              {t('recert.create')}
            </Button>
          )}
        </>
      }
    >
      {data && data.length === 0 ? (
        <Typography color="text.secondary">{t('recert.empty')}</Typography>
      ) : (
        <Paper variant="outlined">
          <Table size="small" aria-label={t('recert.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('recert.year')}</TableCell>
                <TableCell>{t('recert.status')}</TableCell>
                <TableCell>{t('recert.progress')}</TableCell>
                <TableCell>{t('recert.opened')}</TableCell>
                <TableCell>{t('recert.closed')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data?.map((c) => (
                <TableRow key={c.id} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/recert/${c.id}`)}>
                  <TableCell>
                    <Button size="small" onClick={() => navigate(`/recert/${c.id}`)}>
                      {t('recert.cycleTitle', { year: c.year })}
                    </Button>
                  </TableCell>
                  <TableCell>
                    <Chip size="small" label={label('cycleStatus', c.status)} color={c.status === 'open' ? 'primary' : 'default'} />
                  </TableCell>
                  <TableCell>{c.status === 'draft' ? '—' : t('recert.decidedOf', { decided: c.decided, total: c.reviews })}</TableCell>
                  <TableCell>{c.openedAt ? `${showDay(c.openedAt)} ${c.openedBy}` : ''}</TableCell>
                  <TableCell>{c.closedAt ? `${showDay(c.closedAt)} ${c.closedBy}` : ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
      <FormDialog
        open={creating}
        title={t('recert.create')}
        onClose={() => setCreating(false)}
        onSubmit={onSubmit}
        {...dialog}
        maxWidth="xs"
        submitLabel={t('recert.createSubmit')}
      >
        <TextInput control={form.control} name="year" label={t('recert.year')} required numeric autoFocus helperText={t('recert.createHelp')} />
      </FormDialog>
    </Page>
  );
}
