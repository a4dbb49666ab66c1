import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { OutcomeChip } from './outcome.tsx';
import { thisYear as currentYear } from '../../api/clock.tsx';

type Row = Output<'recert.outstanding'>['rows'][number];

/** 待完成事项: supervisors who still lack something for this year's re-review, with how to reach them. */
export function OutstandingList() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const [search, setSearch] = useState('');
  const [regionId, setRegionId] = useState<number | ''>('');
  const { options: regions } = useRegionOptions();
  const query = { year, search: search || undefined, regionId: regionId || undefined };
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 90 },
      { field: 'phone', headerName: t('person.phone'), width: 120, sortable: false },
      { field: 'organizationName', headerName: t('person.organization'), width: 170, sortable: false },
      { field: 'levelRank', headerName: t('supervisor.level'), width: 90, valueGetter: (_v, r) => r.levelName },
      { field: 'regionName', headerName: t('supervisor.region'), width: 100 },
      {
        field: 'proposal',
        headerName: t('recert.proposalNow'),
        width: 110,
        sortable: false,
        renderCell: ({ row }) => <OutcomeChip outcome={row.proposal} variant="outlined" />,
      },
      {
        field: 'needs',
        headerName: t('recert.needs'),
        flex: 1,
        minWidth: 240,
        sortable: false,
        renderCell: ({ row }) => <span title={row.needs}>{row.needs}</span>,
      },
    ],
    [t],
  );
  return (
    <Page
      title={t('recert.outstandingTitle')}
      actions={<ExportButton operation="recert.outstandingExport" query={{ ...query, page: 0, pageSize: 25, sortDir: 'asc' }} />}
      filters={
        <>
          <YearSelect value={year} onChange={setYear} years={3} includeNext />
          <SearchBox label={t('recert.search')} placeholder={t('recert.searchPlaceholder')} onSearch={setSearch} />
          <FilterSelect<number>
            label={t('supervisor.region')}
            value={regionId}
            allLabel={t('supervisor.allRegions')}
            options={regions}
            onChange={setRegionId}
          />
        </>
      }
    >
      <ServerDataGrid
        ariaLabel={t('recert.outstandingTitle')}
        operation="recert.outstanding"
        columns={columns}
        query={query}
        scope={['year']}
        getRowId={(row) => row.supervisorId}
        emptyText={t('recert.outstandingEmpty', { year })}
        onRowClick={(row) => navigate(`/supervisors/${row.supervisorId}`)}
      />
    </Page>
  );
}
