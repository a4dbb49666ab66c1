import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { Code, Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { LoadExampleButton } from '../demo/ExampleData.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { ImportDialog } from '../../jobs/ImportDialog.tsx';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PersonForm } from './PersonForm.tsx';

type Person = Output<'people.list'>['rows'][number];

export function PersonList() {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const canWrite = can('registry.write');
  // Without pii.read core refuses sorting by them: the order would give away the hidden digits.
  const seesPii = can('pii.read');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [sort, setSort] = useState<{ sortField: string; sortDir: 'asc' | 'desc' } | undefined>();
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const columns = useMemo<GridColDef<Person>[]>(
    () => [
      { field: 'name', headerName: t('person.name'), width: 110 },
      { field: 'idNumber', headerName: t('person.idNumber'), width: 195, sortable: seesPii, renderCell: (p) => <Code>{p.row.idNumber}</Code> },
      { field: 'sex', headerName: t('person.sex'), width: 60, sortable: false, valueFormatter: (v: string) => label('sex', v) },
      { field: 'birthDate', headerName: t('person.birthDate'), width: 110, sortable: seesPii },
      { field: 'phone', headerName: t('person.phone'), width: 125, sortable: false },
      { field: 'organizationName', headerName: t('person.organization'), flex: 1, minWidth: 160 },
      { field: 'regionName', headerName: t('person.region'), width: 120 },
      {
        field: 'topCertificateLevel',
        headerName: t('person.topCertificate'),
        width: 130,
        sortable: false,
        valueFormatter: (v: string | null) => label('certLevel', v),
      },
    ],
    [t, label, seesPii],
  );
  return (
    <Page
      title={t('person.title')}
      actions={
        <>
          <ExportButton operation="people.export" query={{ search: search || undefined, ...(sort as object) }} />
          {canWrite && (
            <>
              <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setImporting(true)}>
                {t('import.open')}
              </Button>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
                {t('person.create')}
              </Button>
            </>
          )}
        </>
      }
      filters={
        <SearchBox
          label={t(seesPii ? 'person.searchPlaceholder' : 'person.searchPlaceholderNamesOnly')}
          placeholder={t(seesPii ? 'person.searchPlaceholder' : 'person.searchPlaceholderNamesOnly')}
          onSearch={onSearch}
        />
      }
    >
      <ServerDataGrid
        ariaLabel={t('person.title')}
        operation="people.list"
        columns={columns}
        query={{ search: search || undefined }}
        emptyText={t('person.empty')}
        emptyAction={<LoadExampleButton />}
        onRowClick={(row) => navigate(`/people/${row.id}`)}
        onSortChange={setSort}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
      <PersonForm open={creating} person={null} onClose={() => setCreating(false)} onSaved={(saved) => navigate(`/people/${saved.id}`)} />
    </Page>
  );
}
