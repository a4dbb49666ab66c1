import { useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAddressChange } from '../../components/useAddressChange.ts';
import { Button, Chip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Code, Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { LinkedFilterChip } from '../../components/LinkedFilterChip.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { LoadExampleButton } from '../demo/ExampleData.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { AppointForm } from './AppointForm.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { ImportDialog } from '../../jobs/ImportDialog.tsx';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { SupervisorStatus } from '../../../../domain/index.ts';

type Supervisor = Output<'supervisors.list'>['rows'][number];
type Status = SupervisorStatus;

export const STATUS_COLORS: Record<Status, 'success' | 'warning' | 'default' | 'error'> = {
  active: 'success',
  suspended: 'warning',
  expired: 'default',
  revoked: 'error',
};

export function SupervisorList() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const canWrite = can('registry.write');
  const seesPii = can('pii.read'); // core refuses sorting by 身份证号 without it
  const navigate = useNavigate();
  const { data: levels } = useCall('supervisors.levels', {});
  const { options: regionOptions } = useRegionOptions();
  const [search, setSearch] = useState('');
  // Other screens link here with filters (e.g. 镇区覆盖 → ?regionId=…&levelId=…).
  const [params] = useSearchParams();
  const fromQuery = (key: string, p = params) => (Number(p.get(key)) > 0 ? Number(p.get(key)) : '');
  const statusOf = (p: URLSearchParams) => ((SupervisorStatus.values as readonly string[]).includes(p.get('status') ?? '') ? (p.get('status') as Status) : '');
  const [levelId, setLevelId] = useState<number | ''>(() => fromQuery('levelId'));
  const [regionId, setRegionId] = useState<number | ''>(() => fromQuery('regionId'));
  const [status, setStatus] = useState<Status | ''>(() => statusOf(params));
  // 工作台 → 「聘任即将到期」: appointments ending within so many days.
  const [endingWithinDays, setEndingWithinDays] = useState<number | ''>(() => fromQuery('endingWithinDays'));
  useAddressChange((next) => {
    setLevelId(fromQuery('levelId', next));
    setRegionId(fromQuery('regionId', next));
    setStatus(statusOf(next));
    setEndingWithinDays(fromQuery('endingWithinDays', next));
  });
  const [appointing, setAppointing] = useState(false);
  const [importing, setImporting] = useState(false);
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' } | undefined>();
  const query = {
    search: search || undefined,
    levelId: levelId || undefined,
    regionId: regionId || undefined,
    status: status || undefined,
    endingWithinDays: endingWithinDays || undefined,
  };
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const columns = useMemo<GridColDef<Supervisor>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 100 },
      { field: 'idNumber', headerName: t('person.idNumber'), width: 195, sortable: seesPii, renderCell: (p) => <Code>{p.row.idNumber}</Code> },
      { field: 'levelName', headerName: t('supervisor.level'), width: 100 },
      { field: 'regionName', headerName: t('supervisor.region'), width: 120 },
      { field: 'organizationName', headerName: t('supervisor.organization'), flex: 1, minWidth: 150, sortable: false },
      { field: 'appointedOn', headerName: t('supervisor.appointedOn'), width: 110 },
      { field: 'validUntil', headerName: t('supervisor.validUntil'), width: 110 },
      {
        field: 'status',
        headerName: t('supervisor.status'),
        width: 90,
        renderCell: (p) => <Chip size="small" color={STATUS_COLORS[p.row.status]} label={label('supervisorStatus', p.row.status)} />,
      },
    ],
    [t, label, seesPii],
  );
  return (
    <Page
      title={t('supervisor.title')}
      actions={
        <>
          <ExportButton operation="supervisors.export" query={{ ...query, ...(sort as object) }} />
          {canWrite && (
            <>
              <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setImporting(true)}>
                {t('import.open')}
              </Button>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAppointing(true)}>
                {t('supervisor.appoint')}
              </Button>
            </>
          )}
        </>
      }
      filters={
        <>
          <SearchBox
            label={t(seesPii ? 'supervisor.searchPlaceholder' : 'person.searchPlaceholderNamesOnly')}
            placeholder={t(seesPii ? 'supervisor.searchPlaceholder' : 'person.searchPlaceholderNamesOnly')}
            onSearch={onSearch}
          />
          <FilterSelect<number>
            label={t('supervisor.level')}
            value={levelId}
            allLabel={t('supervisor.allLevels')}
            options={(levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
            onChange={setLevelId}
          />
          <FilterSelect<number>
            label={t('supervisor.region')}
            value={regionId}
            allLabel={t('supervisor.allRegions')}
            options={regionOptions}
            onChange={setRegionId}
          />
          <FilterSelect<Status>
            label={t('supervisor.status')}
            value={status}
            allLabel={t('supervisor.allStatuses')}
            options={SupervisorStatus.values.map((s) => ({ value: s, label: label('supervisorStatus', s) }))}
            onChange={setStatus}
          />
          {endingWithinDays !== '' && (
            <LinkedFilterChip label={t('supervisor.endingWithinDays', { days: endingWithinDays })} onDelete={() => setEndingWithinDays('')} />
          )}
        </>
      }
    >
      <ServerDataGrid
        ariaLabel={t('supervisor.title')}
        operation="supervisors.list"
        columns={columns}
        query={query}
        emptyText={t('supervisor.empty')}
        emptyAction={<LoadExampleButton />}
        onRowClick={(row) => navigate(`/supervisors/${row.id}`)}
        onSortChange={setSort}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <AppointForm open={appointing} person={null} onClose={() => setAppointing(false)} onSaved={(saved) => navigate(`/supervisors/${saved.id}`)} />
    </Page>
  );
}
