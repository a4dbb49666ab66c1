import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Chip, MenuItem, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import type { Input, Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { PopulationFilters } from './PopulationFilters.tsx';
import { usePopulationFilters } from './usePopulationFilters.ts';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PlanDialog } from './PlanDialog.tsx';
import { useFreshness } from './useFreshness.ts';
import { showTime } from '../../api/clock.tsx';

type Row = Output<'compliance.forecast'>['rows'][number];
type Query = Omit<Input<'compliance.forecast'>, 'page' | 'pageSize'>;
type Summary = Pick<Output<'compliance.forecast'>, 'asOf' | 'until' | 'atRisk'>;

export const HORIZONS = [3, 6, 12] as const;

/** 学时达标 › 预测: who will miss their hours at their period's end (or in the rolling window), counting the sessions they are enrolled in. */
export function ComplianceForecast({ tabs }: { tabs: ReactNode }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const canPlan = useAuth().can('registry.write');
  const [params] = useSearchParams();
  // 工作台 → 「将在期末前学时不足的人员」 opens this with its horizon and filter in the address.
  const [horizonMonths, setHorizonMonths] = useState<number>(() => HORIZONS.find((n) => String(n) === params.get('horizonMonths')) ?? 6);
  const [search, setSearch] = useState('');
  const population = usePopulationFilters();
  const [risk, setRisk] = useState<'atRisk' | 'ok' | ''>(() => {
    const asked = params.get('risk');
    return asked === 'ok' || asked === '' ? asked : 'atRisk';
  });
  const [unified, setUnified] = useState<NonNullable<Query['unified']> | ''>('');
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' }>();
  const [summary, setSummary] = useState<Summary>();
  const [planning, setPlanning] = useState(false);
  const [refresh, setRefresh] = useState(0);
  // Above a small population the server computes everyone's forecast off its request path: meanwhile the rows it had
  // (or none yet, said as such, not as "nobody"), and the page asks again until it is current.
  const { freshness, setFreshness, recheck } = useFreshness();
  const filters = {
    horizonMonths,
    search: search || undefined,
    ...population.query,
  };
  const query = { ...filters, risk: risk || undefined, unified: unified || undefined };
  const unifiedText = (v: Row['unified']) =>
    v === 'met'
      ? t('forecast.unifiedMet')
      : v === 'booked'
        ? t('forecast.unifiedBooked')
        : v === 'missing'
          ? t('forecast.unifiedMissing')
          : t('forecast.unifiedNone');
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 80 },
      { field: 'regionName', headerName: t('person.region'), width: 90 },
      {
        field: 'certificateLevel',
        headerName: t('certificate.level'),
        width: 110,
        sortable: false,
        valueFormatter: (v: string | null) => (v ? label('certLevel', v) : t('compliance.noCertificateShort')),
      },
      { field: 'projectedOn', headerName: t('forecast.projectedOn'), width: 100 },
      { field: 'periodEnd', headerName: t('forecast.periodEnd'), width: 100, sortable: false },
      {
        field: 'periodDone',
        headerName: t('forecast.done'),
        width: 95,
        sortable: false,
        valueGetter: (_v, r) => (r.periodRequired === null ? `${r.windowDone}` : `${r.periodDone} / ${r.periodRequired}`),
      },
      {
        field: 'periodBooked',
        headerName: t('forecast.booked'),
        width: 95,
        sortable: false,
        type: 'number',
        valueGetter: (_v, r) => (r.periodRequired === null ? r.windowBooked : r.periodBooked),
      },
      { field: 'shortfall', headerName: t('forecast.shortfall'), width: 95, type: 'number' },
      {
        field: 'unified',
        headerName: t('forecast.unified'),
        width: 90,
        sortable: false,
        renderCell: ({ row }) =>
          row.unified ? (
            <Chip size="small" variant="outlined" color={row.unified === 'missing' ? 'warning' : 'success'} label={unifiedText(row.unified)} />
          ) : (
            '—'
          ),
      },
      {
        field: 'atRisk',
        headerName: t('forecast.risk'),
        width: 90,
        sortable: false,
        renderCell: ({ row }) => (
          <Chip size="small" variant="outlined" color={row.atRisk ? 'warning' : 'success'} label={t(row.atRisk ? 'forecast.atRisk' : 'forecast.noRisk')} />
        ),
      },
      { field: 'organizationName', headerName: t('person.organization'), flex: 1, minWidth: 100, sortable: false },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- unifiedText only reads t
    [t, label],
  );
  const sorted = { sortDir: sort?.sortDir ?? 'asc', ...(sort ? { sortField: sort.sortField as Query['sortField'] } : {}) } as const;
  return (
    <Page
      title={t('compliance.title')}
      actions={
        <>
          <ExportButton operation="compliance.forecastExport" query={{ ...query, page: 0, pageSize: 25, ...sorted }} />
          {canPlan && (
            <Button variant="contained" onClick={() => setPlanning(true)}>
              {t('forecast.plan')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          {tabs}
          <TextField
            select
            size="small"
            label={t('forecast.horizon')}
            value={horizonMonths}
            onChange={(e) => setHorizonMonths(Number(e.target.value))}
            sx={{ minWidth: 130 }}
          >
            {HORIZONS.map((n) => (
              <MenuItem key={n} value={n}>
                {t('forecast.months', { n })}
              </MenuItem>
            ))}
          </TextField>
          <SearchBox label={t('compliance.search')} placeholder={t('compliance.searchPlaceholder')} onSearch={setSearch} />
          <FilterSelect<'atRisk' | 'ok'>
            label={t('forecast.risk')}
            value={risk}
            allLabel={t('common.all')}
            options={[
              { value: 'atRisk', label: t('forecast.atRisk') },
              { value: 'ok', label: t('forecast.noRisk') },
            ]}
            onChange={setRisk}
            minWidth={110}
          />
          <FilterSelect<NonNullable<Query['unified']>>
            label={t('forecast.unified')}
            value={unified}
            allLabel={t('common.all')}
            options={[
              { value: 'missing', label: t('forecast.unifiedMissing') },
              { value: 'booked', label: t('forecast.unifiedBooked') },
              { value: 'met', label: t('forecast.unifiedMet') },
            ]}
            onChange={setUnified}
            minWidth={110}
          />
          <PopulationFilters {...population.props} />
        </>
      }
    >
      {summary && freshness.state !== 'computing' && (
        <Alert severity="info" sx={{ py: 0 }}>
          {t('forecast.summary', { asOf: summary.asOf, until: summary.until, atRisk: summary.atRisk })}
        </Alert>
      )}
      {freshness.state === 'refreshing' && (
        <Alert severity="info" sx={{ py: 0 }}>
          {t('forecast.refreshing', { time: showTime(freshness.computedAt) })}
        </Alert>
      )}
      <ServerDataGrid
        ariaLabel={t('forecast.tabForecast')}
        operation="compliance.forecast"
        columns={columns}
        query={query}
        getRowId={(row) => row.personId}
        emptyText={t('forecast.empty')}
        pendingText={freshness.state === 'computing' ? t('forecast.listComputing') : undefined}
        onRowClick={(row) => navigate(`/people/${row.personId}`)}
        onSortChange={setSort}
        onPage={(page) => {
          setSummary({ asOf: page.asOf, until: page.until, atRisk: page.atRisk });
          setFreshness(page.freshness);
        }}
        refreshKey={refresh + recheck}
      />
      {planning && (
        <PlanDialog
          input={filters}
          onClose={(enrolled) => {
            setPlanning(false);
            if (enrolled) setRefresh((n) => n + 1); // the seats just taken move the forecast
          }}
        />
      )}
    </Page>
  );
}
