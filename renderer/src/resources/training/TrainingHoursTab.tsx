import { useMemo } from 'react';
import { Chip, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatTimeRange } from '../../../../core/dates.ts';

type Row = Output<'training.ofPerson'>['rows'][number];

/** A person's training-hour ledger: every credit and correction, with totals by category. */
export function TrainingHoursTab({ personId }: { personId: number }) {
  const { t, label } = useI18n();
  const { data } = useCall('training.ofPerson', { personId, pageSize: 1 });
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'earnedOn', headerName: t('training.earnedOn'), width: 120 },
      { field: 'categoryName', headerName: t('training.category'), width: 170 },
      { field: 'hours', headerName: t('training.hours'), width: 90, type: 'number' },
      { field: 'kind', headerName: t('training.kind'), width: 110, sortable: false, valueGetter: (_v, row) => label('trainingKind', row.kind) },
      {
        field: 'source',
        headerName: t('training.source'),
        flex: 1,
        minWidth: 260,
        sortable: false,
        valueGetter: (_v, row) =>
          [row.courseTitle && `${row.courseCode} ${row.courseTitle}`, row.baseName, row.sessionStartsAt && row.sessionStartsAt.replace('T', ' '), row.note].filter(Boolean).join('，'),
      },
    ],
    [t, label],
  );
  return (
    <Stack spacing={1.5} sx={{ height: 440 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography sx={{ fontWeight: 600 }}>{t('training.total', { hours: data?.totalHours ?? 0 })}</Typography>
        {data?.totals.map((c) => <Chip key={c.categoryName} size="small" label={`${c.categoryName} ${c.hours}`} />)}
      </Stack>
      <ServerDataGrid ariaLabel={t('training.tab')} operation="training.ofPerson" columns={columns} query={{ personId }} emptyText={t('training.empty')} />
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
