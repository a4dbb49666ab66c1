import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridRowSelectionModel } from '@mui/x-data-grid';
import { call, type Input, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { RECHECK_MS } from './useFreshness.ts';

type PlanRow = Output<'compliance.plan'>['rows'][number] & { id: number };
type Result = Output<'compliance.planEnrol'>;

/** A session's time as shown: 2026-12-02 09:00–12:00 (the stored wall-clock times of the configured zone). */
const timeText = (startsAt: string, endsAt: string) =>
  startsAt.slice(0, 10) === endsAt.slice(0, 10)
    ? `${startsAt.slice(0, 10)} ${startsAt.slice(11, 16)}–${endsAt.slice(11, 16)}`
    : `${startsAt.slice(0, 16).replace('T', ' ')}–${endsAt.slice(0, 16).replace('T', ' ')}`;

/** 制定补学计划: the proposal for the people at risk (the forecast's filters), to untick, enrol in bulk or export as an invitation list. */
export function PlanDialog({ input, onClose }: { input: Input<'compliance.plan'>; onClose(enrolled: boolean): void }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useCall('compliance.plan', input);
  // Above a small population the server builds the plan in a worker thread: until it lands it says so, and the dialog asks again.
  const computing = data?.freshness.state === 'computing';
  const plan = computing ? undefined : data;
  useEffect(() => {
    if (!computing || loading) return;
    const timer = setTimeout(reload, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [computing, loading, reload]);
  const rows = useMemo<PlanRow[]>(() => (plan?.rows ?? []).map((r, id) => ({ ...r, id })), [plan]);
  // Every row ticked to begin with; the unticked ones are kept.
  const [unticked, setUnticked] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<Result>();
  const ticked = rows.filter((r) => !unticked.has(r.id));
  const seats = ticked.map((r) => ({ personId: r.personId, sessionId: r.sessionId }));
  const outcome = useMemo(() => new Map((result?.rows ?? []).map((r) => [`${r.personId}:${r.sessionId}`, r])), [result]);
  const near = (n: number) => (n === 2 ? t('forecast.nearTown') : n === 1 ? t('forecast.nearCity') : t('forecast.nearOther'));
  const columns = useMemo<GridColDef<PlanRow>[]>(
    () => [
      { field: 'personName', headerName: t('forecast.planPerson'), width: 80 },
      { field: 'phone', headerName: t('forecast.planPhone'), width: 115 },
      { field: 'shortfall', headerName: t('forecast.shortfall'), width: 80, type: 'number' },
      { field: 'courseTitle', headerName: t('forecast.planSession'), flex: 1, minWidth: 120 },
      { field: 'startsAt', headerName: t('forecast.planTime'), width: 175, valueGetter: (_v, r) => timeText(r.startsAt, r.endsAt) },
      { field: 'baseName', headerName: t('forecast.planBase'), width: 110 },
      { field: 'nearness', headerName: t('forecast.planNear'), width: 70, valueFormatter: (v: number) => near(v) },
      { field: 'closes', headerName: t('forecast.planCloses'), width: 80, type: 'number' },
      {
        field: 'result',
        headerName: t('forecast.result'),
        width: 220,
        sortable: false,
        renderCell: ({ row }) => {
          const r = outcome.get(`${row.personId}:${row.sessionId}`);
          return r ? <Chip size="small" variant="outlined" color={r.ok ? 'success' : 'error'} label={r.message} title={r.message} /> : '';
        },
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- near only reads t
    [t, outcome],
  );
  const onSelection = (model: GridRowSelectionModel) => {
    const ids = [...model.ids].map(Number);
    setUnticked(model.type === 'exclude' ? new Set(ids) : new Set(rows.filter((r) => !ids.includes(r.id)).map((r) => r.id)));
  };
  return (
    <Dialog open onClose={() => onClose(result !== undefined)} fullWidth maxWidth="lg" aria-labelledby="plan-dialog-title">
      <DialogTitle id="plan-dialog-title">{t('forecast.planTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={1.5}>
          {error && <Alert severity="error">{error.message}</Alert>}
          {((loading && !plan) || computing) && !error && <Typography>{t('forecast.computing')}</Typography>}
          {plan && (
            <Alert severity={plan.rows.length ? 'info' : 'warning'}>
              {plan.rows.length
                ? t('forecast.planSummary', {
                    atRisk: plan.atRisk,
                    needed: plan.hoursNeeded,
                    seats: plan.rows.length,
                    people: plan.peopleHelped,
                    closed: plan.hoursClosed,
                    sessions: plan.sessionsConsidered,
                  })
                : t('forecast.planEmpty')}
            </Alert>
          )}
          {result && (
            <Alert severity={result.refused ? 'warning' : 'success'}>{t('forecast.enrolDone', { enrolled: result.enrolled, refused: result.refused })}</Alert>
          )}
          {plan && plan.rows.length > 0 && (
            <Box sx={{ height: 420 }}>
              <DataGrid
                aria-label={t('forecast.planTitle')}
                rows={rows}
                columns={columns}
                density="compact"
                checkboxSelection
                // Once enrolled, the ticks stay as they were: the result column says what became of each row.
                isRowSelectable={() => !result}
                disableRowSelectionOnClick
                rowSelectionModel={{ type: 'exclude', ids: new Set(unticked) }}
                onRowSelectionModelChange={onSelection}
              />
            </Box>
          )}
          {plan && plan.rows.length > 0 && !result && (
            <Typography variant="body2" color="text.secondary">
              {t('forecast.planSelected', { n: ticked.length, total: rows.length })}
            </Typography>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        {seats.length > 0 && <ExportButton operation="compliance.planInvitations" query={{ seats }} label={t('forecast.invitations')} />}
        {!result && (
          <Button variant="contained" disabled={seats.length === 0} onClick={() => setConfirming(true)}>
            {t('forecast.enrol')}
          </Button>
        )}
        <Button onClick={() => onClose(result !== undefined)}>{t('forecast.close')}</Button>
      </DialogActions>
      <ConfirmDialog
        open={confirming}
        title={t('forecast.enrolConfirmTitle')}
        confirmLabel={t('forecast.enrol')}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          setResult(await call('compliance.planEnrol', { seats }));
          setConfirming(false);
        }}
      >
        <Typography>{t('forecast.enrolConfirm', { n: seats.length })}</Typography>
      </ConfirmDialog>
    </Dialog>
  );
}
