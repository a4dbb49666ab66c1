import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Chip, FormControlLabel, Switch } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { BaseForm } from './BaseForm.tsx';

type Base = Output<'bases.list'>['rows'][number];

export function BaseList() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const canCreate = useAuth().can('registry.write');
  const [search, setSearch] = useState('');
  const [expiring, setExpiring] = useState(false);
  const [creating, setCreating] = useState(false);
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' } | undefined>();
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const query = useMemo(() => ({ search: search || undefined, expiringWithinDays: expiring ? 90 : undefined }), [search, expiring]);
  const columns = useMemo<GridColDef<Base>[]>(
    () => [
      { field: 'name', headerName: t('base.name'), flex: 1, minWidth: 160 },
      { field: 'organizationName', headerName: t('base.organization'), flex: 1, minWidth: 150, sortable: false },
      { field: 'regionName', headerName: t('base.region'), width: 110 },
      {
        field: 'grade',
        headerName: t('base.grade'),
        width: 100,
        renderCell: (p) => <Chip size="small" color={p.row.grade === 'demonstration' ? 'primary' : 'default'} label={label('baseGrade', p.row.grade)} />,
      },
      {
        field: 'accreditationStatus',
        headerName: t('base.accreditation'),
        width: 90,
        sortable: false,
        valueFormatter: (v: string) => label('accreditation', v),
      },
      { field: 'accreditedUntil', headerName: t('base.accreditedUntil'), width: 120 },
      { field: 'rooms', headerName: t('base.rooms'), width: 70, type: 'number', sortable: false },
      { field: 'mentors', headerName: t('base.mentors'), width: 70, type: 'number', sortable: false },
      { field: 'courses', headerName: t('base.courses'), width: 70, type: 'number', sortable: false },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('base.title')}
      actions={
        <>
          <ExportButton operation="bases.export" query={{ ...query, ...(sort as object) }} />
          {canCreate && (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
              {t('base.create')}
            </Button>
          )}
        </>
      }
      filters={
        <>
          <SearchBox label={t('base.search')} placeholder={t('base.search')} onSearch={onSearch} />
          <FormControlLabel control={<Switch checked={expiring} onChange={(e) => setExpiring(e.target.checked)} />} label={t('base.expiringOnly')} />
        </>
      }
    >
      <ServerDataGrid
        ariaLabel={t('base.title')}
        operation="bases.list"
        columns={columns}
        query={query}
        emptyText={t('base.empty')}
        onRowClick={(row) => navigate(`/bases/${row.id}`)}
        onSortChange={setSort}
      />
      <BaseForm open={creating} detail={null} onClose={() => setCreating(false)} onSaved={(id) => navigate(`/bases/${id}`)} />
    </Page>
  );
}
