import { useMemo, useState } from 'react';
import { Alert, Box, Button, Chip, Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { call, type Output } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ExternalTrainingForm } from './ExternalTrainingForm.tsx';
import { useCall } from '../../api/useCall.ts';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatTimeRange } from '../../../../core/dates.ts';
import { showDay } from '../../api/clock.tsx';

type Row = Output<'training.ofPerson'>['rows'][number];

/** A person's training-hour ledger: every credit and correction, with totals by category. */
export function TrainingHoursTab({ personId }: { personId: number }) {
  const { t, label } = useI18n();
  const canWrite = useAuth().can('registry.write');
  const { data, reload } = useCall('training.ofPerson', { personId, pageSize: 1 });
  const [adding, setAdding] = useState(false);
  const [refreshKey, setRefreshKey] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const changed = () => {
    reload();
    setRefreshKey((k) => k + 1);
  };
  const verify = (row: Row) => {
    setProblem(null);
    call('training.verifyExternal', { id: row.id, version: row.version }).then(changed, (e: Error) => setProblem(e.message));
  };
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'earnedOn', headerName: t('training.earnedOn'), width: 120 },
      { field: 'categoryName', headerName: t('training.category'), width: 210 },
      { field: 'hours', headerName: t('training.hours'), width: 90, type: 'number' },
      {
        field: 'kind',
        headerName: t('training.kind'),
        width: 220,
        sortable: false,
        renderCell: ({ row }) =>
          row.kind !== 'external' ? (
            label('trainingKind', row.kind)
          ) : row.importFileName ? (
            // Imported historical hours: counted like verified external training; the file says where they came from.
            <Chip
              size="small"
              variant="outlined"
              color="info"
              label={t('training.imported', { file: row.importFileName })}
              title={t('training.importedTitle', {
                file: row.importFileName,
                sha256: row.importFileSha256 ?? '',
                name: row.verifiedBy ?? '',
                date: row.verifiedAt ? showDay(row.verifiedAt) : '',
              })}
            />
          ) : (
            <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%' }}>
              <span>{label('trainingKind', row.kind)}</span>
              {row.verifiedAt ? (
                <Chip
                  size="small"
                  color="success"
                  variant="outlined"
                  label={t('external.verified')}
                  title={t('external.verifiedBy', { name: row.verifiedBy ?? '', date: showDay(row.verifiedAt) })}
                />
              ) : canWrite ? (
                <Button
                  size="small"
                  aria-label={`${t('external.verify')}：${row.earnedOn} ${row.provider ?? ''}`}
                  onClick={(e) => (e.stopPropagation(), verify(row))}
                >
                  {t('external.verify')}
                </Button>
              ) : (
                <Chip size="small" color="warning" variant="outlined" label={t('external.unverified')} />
              )}
            </Stack>
          ),
      },
      {
        field: 'countsToward',
        headerName: t('training.countsToward'),
        width: 300,
        sortable: false,
        renderCell: ({ row }) => (
          <span title={row.countsToward} style={{ color: row.counted ? undefined : '#b26a00' }}>
            {row.countsToward}
          </span>
        ),
      },
      {
        field: 'source',
        headerName: t('training.source'),
        flex: 1,
        minWidth: 220,
        sortable: false,
        // A correction's reason comes first: it is what the row is about; its session is the one credited above.
        valueGetter: (_v, row) =>
          row.kind === 'correction'
            ? `${row.note ?? ''}（${row.courseCode} ${row.courseTitle}）`
            : [
                row.courseTitle && `${row.courseCode} ${row.courseTitle}`,
                row.baseName,
                row.sessionStartsAt && row.sessionStartsAt.replace('T', ' '),
                row.provider,
                row.note,
              ]
                .filter(Boolean)
                .join('，'),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `verify` uses only stable functions (reload, state setters)
    [t, label, canWrite],
  );
  return (
    <Stack spacing={1.5} sx={{ height: 440 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600 }}>
          {/* Rows that do not count (their 计入说明 says why) are not hidden in the total: both figures are shown. */}
          {data && data.countedHours !== data.totalHours
            ? t('training.totalCounted', { counted: data.countedHours, hours: data.totalHours })
            : t('training.total', { hours: data?.totalHours ?? 0 })}
        </Typography>
        {data?.totals.map((c) => (
          <Chip key={c.categoryName} size="small" label={`${c.categoryName} ${c.hours}`} />
        ))}
        <Box sx={{ flex: 1 }} />
        {canWrite && (
          <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
            {t('external.add')}
          </Button>
        )}
      </Stack>
      {problem && (
        <Alert severity="error" onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      <ServerDataGrid
        ariaLabel={t('training.tab')}
        operation="training.ofPerson"
        columns={columns}
        query={{ personId }}
        scope={['personId']}
        emptyText={t('training.empty')}
        refreshKey={refreshKey}
      />
      <ExternalTrainingForm
        open={adding}
        personId={personId}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          changed();
        }}
      />
    </Stack>
  );
}

/** Every session a mentor taught, at every base they may see, with the hours of the completed ones. */
export function TaughtTab({ personId, onOpen }: { personId: number; onOpen(id: number): void }) {
  const { t, label } = useI18n();
  const { data } = useCall('sessions.taughtBy', { personId });
  if (!data) return null;
  if (data.length === 0) return <Typography color="text.secondary">{t('taught.empty')}</Typography>;
  const hours = data.filter((s) => s.status === 'completed').reduce((sum, s) => sum + s.creditHours, 0);
  const rows = data.map((s) => ({ ...s, time: formatTimeRange(s.startsAt, s.endsAt) }));
  return (
    <Stack spacing={1.5} sx={{ height: 440 }}>
      <Typography sx={{ fontWeight: 600 }}>{t('taught.total', { count: data.length, hours })}</Typography>
      <DataGrid
        aria-label={t('taught.tab')}
        rows={rows}
        density="compact"
        disableRowSelectionOnClick
        onRowClick={(params) => onOpen(Number(params.id))}
        sx={{ '& .MuiDataGrid-row': { cursor: 'pointer' } }}
        columns={[
          { field: 'time', headerName: t('session.time'), width: 230 },
          { field: 'courseTitle', headerName: t('session.course'), flex: 1, minWidth: 160, valueGetter: (_v, row) => `${row.courseCode} ${row.courseTitle}` },
          { field: 'baseName', headerName: t('session.base'), flex: 1, minWidth: 140 },
          { field: 'role', headerName: t('taught.role'), width: 80, valueGetter: (_v, row) => label('mentorRole', row.role) },
          { field: 'creditHours', headerName: t('training.hours'), width: 80, type: 'number' },
          { field: 'status', headerName: t('session.status'), width: 100, valueGetter: (_v, row) => label('sessionStatus', row.status) },
        ]}
      />
    </Stack>
  );
}
