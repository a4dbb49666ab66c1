import { useMemo } from 'react';
import { Chip } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { formatTimeRange } from '../../../../core/dates.ts';
import { STATUS_COLOR } from './sessionStyle.ts';

type Row = Output<'sessions.list'>['rows'][number];

/** The columns of every list of sessions (班期列表, 考勤待办). */
export function useSessionColumns(): GridColDef<Row>[] {
  const { t, label } = useI18n();
  return useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'startsAt', headerName: t('session.time'), width: 230, valueGetter: (_v, row) => formatTimeRange(row.startsAt, row.endsAt) },
      { field: 'courseTitle', headerName: t('session.course'), flex: 1, minWidth: 180, valueGetter: (_v, row) => `${row.courseCode} ${row.courseTitle}` },
      { field: 'baseName', headerName: t('session.base'), flex: 1, minWidth: 160 },
      { field: 'roomName', headerName: t('session.room'), width: 110, sortable: false },
      { field: 'mentors', headerName: t('session.mentors'), width: 150, sortable: false, valueGetter: (_v, row) => row.mentors.map((m) => m.name).join('、') },
      {
        field: 'enrolledCount',
        headerName: t('session.enrolled'),
        width: 110,
        sortable: false,
        valueGetter: (_v, row) => `${row.enrolledCount}/${row.capacity}${row.waitlistedCount ? ` +${row.waitlistedCount}` : ''}`,
      },
      {
        field: 'status',
        headerName: t('session.status'),
        width: 120,
        renderCell: ({ row }) => (
          <>
            <Chip size="small" color={STATUS_COLOR[row.status]} label={label('sessionStatus', row.status)} />
            {row.unified && <Chip size="small" variant="outlined" sx={{ ml: 0.5 }} label={t('session.unified')} />}
          </>
        ),
      },
    ],
    [t, label],
  );
}
