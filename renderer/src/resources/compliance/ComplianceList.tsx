import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Chip, MenuItem, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import type { Input, Output } from '../../api/client.ts';
import { Code, Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';
import { ExportButton } from '../../jobs/ExportButton.tsx';

type Row = Output<'compliance.list'>['rows'][number];
type Query = Omit<Input<'compliance.list'>, 'page' | 'pageSize'>;

/** 学时达标: everyone's training hours against the rules, those furthest behind first. */
export function ComplianceList() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [regionId, setRegionId] = useState<number | ''>('');
  const [organizationId, setOrganizationId] = useState<number | ''>('');
  const [certificateLevel, setCertificateLevel] = useState<NonNullable<Query['certificateLevel']> | ''>('');
  const [compliant, setCompliant] = useState<'yes' | 'no' | ''>('');
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' }>();
  const { options: regions } = useRegionOptions();
  const organizations = useOrganizationOptions();
  const query = {
    search: search || undefined,
    regionId: regionId || undefined,
    organizationId: organizationId || undefined,
    certificateLevel: certificateLevel || undefined,
    compliant: compliant || undefined,
  };
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 75 },
      { field: 'idNumber', headerName: t('person.idNumber'), width: 185, sortable: false, renderCell: (p) => <Code>{p.row.idNumber}</Code> },
      { field: 'regionName', headerName: t('person.region'), width: 85 },
      { field: 'organizationName', headerName: t('person.organization'), width: 110 },
      { field: 'certificateLevel', headerName: t('certificate.level'), width: 100, valueFormatter: (v: string | null) => (v ? label('certLevel', v) : t('compliance.noCertificateShort')) },
      { field: 'periodEnd', headerName: t('compliance.periodEnd'), width: 95, sortable: false },
      { field: 'periodDone', headerName: t('compliance.periodDone'), width: 95, sortable: false, valueGetter: (_v, r) => (r.periodRequired === null ? '—' : `${r.periodDone} / ${r.periodRequired}`) },
      { field: 'periodShortfall', headerName: t('compliance.periodShortfall'), width: 95, type: 'number' },
      { field: 'windowShortfall', headerName: t('compliance.windowShortfall'), width: 95, type: 'number', valueGetter: (_v, r) => (r.windowRequired === null ? null : r.windowShortfall) },
      {
        field: 'compliant',
        headerName: t('compliance.state'),
        width: 80,
        sortable: false,
        renderCell: ({ row }) => <Chip size="small" variant="outlined" color={row.compliant ? 'success' : 'warning'} label={t(row.compliant ? 'compliance.yes' : 'compliance.no')} />,
      },
      { field: 'shortfalls', headerName: t('compliance.shortfalls'), flex: 1, minWidth: 100, sortable: false, renderCell: ({ row }) => <span title={row.shortfalls}>{row.shortfalls}</span> },
    ],
    [t, label],
  );
  const select = <V extends string | number>(value: V | '', onChange: (v: V | '') => void, text: string, all: string, options: { value: V; label: string }[], width = 140) => (
    <TextField select size="small" label={text} value={value} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }} onChange={(e) => onChange(e.target.value === '' ? '' : (typeof options[0]?.value === 'number' ? Number(e.target.value) : e.target.value) as V)} sx={{ minWidth: width }}>
      <MenuItem value="">{all}</MenuItem>
      {options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <Page
      title={t('compliance.title')}
      actions={<ExportButton operation="compliance.export" query={{ ...query, page: 0, pageSize: 25, sortDir: sort?.sortDir ?? 'asc', ...(sort ? { sortField: sort.sortField as Query['sortField'] } : {}) }} />}
      filters={
        <>
          <SearchBox label={t('compliance.search')} placeholder={t('compliance.searchPlaceholder')} onSearch={setSearch} />
          {select(compliant, setCompliant, t('compliance.state'), t('common.all'), [
            { value: 'no' as const, label: t('compliance.no') },
            { value: 'yes' as const, label: t('compliance.yes') },
          ], 110)}
          {select(certificateLevel, setCertificateLevel, t('certificate.level'), t('common.all'), [
            ...(['senior', 'social_worker', 'assistant', 'worker'] as const).map((v) => ({ value: v, label: label('certLevel', v) })),
            { value: 'none' as const, label: t('compliance.noCertificateShort') },
          ])}
          {select(regionId, setRegionId, t('person.region'), t('supervisor.allRegions'), regions)}
          {select(organizationId, setOrganizationId, t('person.organization'), t('certificate.allOrganizations'), organizations, 180)}
        </>
      }
    >
      <ServerDataGrid
        ariaLabel={t('compliance.title')}
        operation="compliance.list"
        columns={columns}
        query={query}
        getRowId={(row) => row.personId}
        emptyText={t('compliance.empty')}
        onRowClick={(row) => navigate(`/people/${row.personId}`)}
        onSortChange={setSort}
      />
    </Page>
  );
}
