import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Chip, Tab, Tabs } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import type { Input, Output } from '../../api/client.ts';
import { Code, Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { PopulationFilters } from './PopulationFilters.tsx';
import { usePopulationFilters } from './usePopulationFilters.ts';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { BatchHoursCertificatesButton } from '../documents/PrintButtons.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { TrainingHoursImportButton } from './TrainingHoursImport.tsx';
import { showTime } from '../../api/clock.tsx';
import { ComplianceForecast } from './ComplianceForecast.tsx';
import { useFreshness } from './useFreshness.ts';

type Row = Output<'compliance.list'>['rows'][number];
type Query = Omit<Input<'compliance.list'>, 'page' | 'pageSize'>;

/** 学时达标 with its two views: the list as of today (名单) and the forecast (预测, ?view=forecast). */
export function ComplianceList() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'forecast' ? 'forecast' : 'list';
  const tabs = (
    <Tabs value={view} onChange={(_e, v: string) => setParams(v === 'forecast' ? { view: 'forecast' } : {})} aria-label={t('compliance.title')}>
      <Tab value="list" label={t('forecast.tabList')} />
      <Tab value="forecast" label={t('forecast.tabForecast')} />
    </Tabs>
  );
  return view === 'forecast' ? <ComplianceForecast tabs={tabs} /> : <ComplianceToday tabs={tabs} />;
}

/** 学时达标 › 名单: everyone's training hours against the rules, those furthest behind first. */
function ComplianceToday({ tabs }: { tabs: ReactNode }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const canImport = useAuth().can('registry.write');
  const [search, setSearch] = useState('');
  const population = usePopulationFilters();
  const [compliant, setCompliant] = useState<'yes' | 'no' | ''>('');
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' }>();
  // The server computes everyone again off its request path (new rules, a new day, a large import): meanwhile it answers
  // the rows it had (or none yet), and the page asks again until the list is current.
  const { freshness, setFreshness, recheck } = useFreshness();
  const query = {
    search: search || undefined,
    ...population.query,
    compliant: compliant || undefined,
  };
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 75 },
      { field: 'idNumber', headerName: t('person.idNumber'), width: 185, sortable: false, renderCell: (p) => <Code>{p.row.idNumber}</Code> },
      { field: 'regionName', headerName: t('person.region'), width: 85 },
      { field: 'organizationName', headerName: t('person.organization'), width: 110 },
      {
        field: 'certificateLevel',
        headerName: t('certificate.level'),
        width: 100,
        valueFormatter: (v: string | null) => (v ? label('certLevel', v) : t('compliance.noCertificateShort')),
      },
      { field: 'periodEnd', headerName: t('compliance.periodEnd'), width: 95, sortable: false },
      {
        field: 'periodDone',
        headerName: t('compliance.periodDone'),
        width: 95,
        sortable: false,
        valueGetter: (_v, r) => (r.periodRequired === null ? '—' : `${r.periodDone} / ${r.periodRequired}`),
      },
      { field: 'periodShortfall', headerName: t('compliance.periodShortfall'), width: 95, type: 'number' },
      {
        field: 'windowShortfall',
        headerName: t('compliance.windowShortfall'),
        width: 95,
        type: 'number',
        valueGetter: (_v, r) => (r.windowRequired === null ? null : r.windowShortfall),
      },
      {
        field: 'compliant',
        headerName: t('compliance.state'),
        width: 80,
        sortable: false,
        renderCell: ({ row }) => (
          <Chip size="small" variant="outlined" color={row.compliant ? 'success' : 'warning'} label={t(row.compliant ? 'compliance.yes' : 'compliance.no')} />
        ),
      },
      {
        field: 'shortfalls',
        headerName: t('compliance.shortfalls'),
        flex: 1,
        minWidth: 100,
        sortable: false,
        renderCell: ({ row }) => <span title={row.shortfalls}>{row.shortfalls}</span>,
      },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('compliance.title')}
      actions={
        <>
          <ExportButton
            operation="compliance.export"
            query={{ ...query, page: 0, pageSize: 25, sortDir: sort?.sortDir ?? 'asc', ...(sort ? { sortField: sort.sortField as Query['sortField'] } : {}) }}
          />
          <BatchHoursCertificatesButton
            query={{ ...query, sortDir: sort?.sortDir ?? 'asc', ...(sort ? { sortField: sort.sortField as Query['sortField'] } : {}) }}
          />
          {canImport && <TrainingHoursImportButton />}
        </>
      }
      filters={
        <>
          {tabs}
          <SearchBox label={t('compliance.search')} placeholder={t('compliance.searchPlaceholder')} onSearch={setSearch} />
          <FilterSelect<'yes' | 'no'>
            label={t('compliance.state')}
            value={compliant}
            allLabel={t('common.all')}
            options={[
              { value: 'no', label: t('compliance.no') },
              { value: 'yes', label: t('compliance.yes') },
            ]}
            onChange={setCompliant}
            minWidth={110}
          />
          <PopulationFilters {...population.props} />
        </>
      }
    >
      {freshness.state === 'refreshing' && (
        <Alert severity="info" sx={{ py: 0 }}>
          {t('compliance.refreshing', { time: showTime(freshness.computedAt) })}
        </Alert>
      )}
      <ServerDataGrid
        ariaLabel={t('compliance.title')}
        operation="compliance.list"
        columns={columns}
        query={query}
        getRowId={(row) => row.personId}
        emptyText={t('compliance.empty')}
        pendingText={freshness.state === 'computing' ? t('compliance.computing') : undefined}
        onRowClick={(row) => navigate(`/people/${row.personId}`)}
        onSortChange={setSort}
        refreshKey={recheck}
        onPage={(page) => setFreshness(page.freshness)}
      />
    </Page>
  );
}
