import { useCallback, useMemo, useState } from 'react';
import { Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import { call, type Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { SupervisionForm, supervisionDurationText } from '../../../../domain/index.ts';
import { formatTimeRange } from '../../../../core/dates.ts';
import { thisYear } from '../../api/clock.tsx';
import { RecordForm } from './RecordForm.tsx';
import { SupervisionImportButton } from './SupervisionImport.tsx';

type Row = Output<'supervision.records'>['rows'][number];
type Form = (typeof SupervisionForm.values)[number];

/** The dates a year (or a month of it) spans, for the list's from/to; none without a year. */
/**
 * The 督导对象 present, people with their organization on the record's date (服务履历, not today's):
 * those of one organization named together, 「李华、王芳（石岐家综）」, so a group fits its cell.
 */
function subjectsText(subjects: Row['subjects']): string {
  const groups = new Map<string, string[]>();
  for (const s of subjects) {
    const key = s.organizationName ?? '';
    groups.set(key, [...(groups.get(key) ?? []), s.name]);
  }
  return [...groups].map(([organization, names]) => (organization ? `${names.join('、')}（${organization}）` : names.join('、'))).join('、');
}

function periodOf(year: number | '', month: number | ''): { from?: string; to?: string } {
  if (year === '') return {};
  if (month === '') return { from: `${year}-01-01`, to: `${year}-12-31` };
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}` };
}

/** 督导工作记录: every supervision given, filtered by form, dates and a search; typed, imported, exported. */
export function RecordList() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const canWrite = can('bases.write');
  const canImport = can('registry.write');
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<Form | ''>('');
  const [year, setYear] = useState<number | ''>('');
  const [month, setMonth] = useState<number | ''>('');
  const [editing, setEditing] = useState<Output<'supervision.record'> | null | undefined>(undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const query = { search: search || undefined, form: form || undefined, ...periodOf(year, month) };
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'startsAt', headerName: t('supervisionWork.time'), width: 190, valueGetter: (_v, r) => formatTimeRange(r.startsAt, r.endsAt) },
      { field: 'supervisorName', headerName: t('supervisionWork.supervisor'), width: 110 },
      { field: 'minutes', headerName: t('supervisionWork.duration'), width: 110, valueFormatter: (v: number) => supervisionDurationText(v) },
      { field: 'form', headerName: t('supervisionWork.form'), width: 100, valueFormatter: (v: string) => label('supervisionForm', v) },
      {
        field: 'subjects',
        headerName: t('supervisionWork.subjects'),
        flex: 1.4,
        minWidth: 160,
        sortable: false,
        valueGetter: (_v, r) => subjectsText(r.subjects),
      },
      { field: 'topic', headerName: t('supervisionWork.topic'), flex: 1, minWidth: 160 },
      {
        field: 'createdBy',
        headerName: t('supervisionWork.createdBy'),
        width: 160,
        sortable: false,
        valueGetter: (_v, r) => (r.importId ? `${r.createdBy}（${t('supervisionWork.imported')}）` : r.createdBy),
      },
    ],
    [t, label],
  );
  const reload = () => setRefreshKey((k) => k + 1);
  return (
    <Page
      title={t('supervisionWork.title')}
      actions={
        <>
          <ExportButton operation="supervision.exportRecords" query={query} />
          {canImport && <SupervisionImportButton onDone={reload} />}
          {canWrite && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing(null)}>
              {t('supervisionWork.create')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          <SearchBox label={t('supervisionWork.searchPlaceholder')} placeholder={t('supervisionWork.searchPlaceholder')} onSearch={onSearch} />
          <FilterSelect
            label={t('supervisionWork.form')}
            value={form}
            allLabel={t('supervisionWork.allForms')}
            options={SupervisionForm.values.map((v) => ({ value: v, label: label('supervisionForm', v) }))}
            onChange={(v) => setForm(v as Form | '')}
          />
          <FilterSelect
            label={t('supervisionWork.year')}
            value={year}
            allLabel={t('supervisionWork.allYears')}
            options={Array.from({ length: 5 }, (_v, k) => thisYear() - k).map((y) => ({ value: y, label: String(y) }))}
            onChange={(v) => setYear(v === '' ? '' : Number(v))}
            minWidth={110}
          />
          {year !== '' && (
            <FilterSelect
              label={t('supervisionWork.month')}
              value={month}
              allLabel={t('supervisionWork.allMonths')}
              options={Array.from({ length: 12 }, (_v, k) => ({ value: k + 1, label: t('supervisionWork.monthLabel', { month: k + 1 }) }))}
              onChange={(v) => setMonth(v === '' ? '' : Number(v))}
              minWidth={100}
            />
          )}
        </>
      }
    >
      <ServerDataGrid
        ariaLabel={t('supervisionWork.title')}
        operation="supervision.records"
        columns={columns}
        query={query}
        emptyText={t('supervisionWork.empty')}
        onRowClick={canWrite ? (row) => void call('supervision.record', { id: row.id }).then(setEditing) : undefined}
        refreshKey={refreshKey}
      />
      <RecordForm
        open={editing !== undefined}
        record={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          reload();
        }}
      />
    </Page>
  );
}
