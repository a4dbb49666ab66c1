import { useNavigate } from 'react-router';
import { Typography } from '@mui/material';
import { Page } from '../../components/Page.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useSessionColumns } from './sessionColumns.tsx';

/** 考勤待办: sessions that have started and still wait for their attendance. */
export function AttendanceDue() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const columns = useSessionColumns();
  return (
    <Page
      title={t('attendance.title')}
      actions={<ExportButton operation="sessions.export" query={{ attendanceDue: true }} />}
      filters={<Typography color="text.secondary">{t('attendance.hint')}</Typography>}
    >
      <ServerDataGrid
        ariaLabel={t('attendance.title')}
        operation="sessions.list"
        columns={columns}
        query={{ attendanceDue: true }}
        scope={['attendanceDue']}
        emptyText={t('attendance.empty')}
        onRowClick={(row) => navigate(`/sessions/${row.id}?tab=attendance`)}
      />
    </Page>
  );
}
