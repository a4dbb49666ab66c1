import { useCallback, useMemo, useState } from 'react';
import { Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { OrganizationForm } from './OrganizationForm.tsx';

type Organization = Output<'organizations.list'>['rows'][number];

export function OrganizationList() {
  const { t, label } = useI18n();
  const canWrite = useAuth().can('registry.write');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Organization | null | undefined>(undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const columns = useMemo<GridColDef<Organization>[]>(
    () => [
      { field: 'name', headerName: t('organization.name'), flex: 2, minWidth: 200 },
      { field: 'kind', headerName: t('organization.kind'), width: 130, valueFormatter: (v: string) => label('orgKind', v) },
      { field: 'regionName', headerName: t('organization.region'), flex: 1, minWidth: 120 },
      { field: 'contactName', headerName: t('organization.contactName'), width: 100, sortable: false },
      { field: 'contactPhone', headerName: t('organization.contactPhone'), width: 140, sortable: false },
      { field: 'peopleCount', headerName: t('organization.peopleCount'), width: 90, type: 'number', sortable: false },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('organization.title')}
      actions={
        <>
          <ExportButton operation="organizations.export" query={{ search: search || undefined }} />
          {canWrite && (
            <>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing(null)}>
                {t('organization.create')}
              </Button>
            </>
          )}
        </>
      }
      filters={<SearchBox label={t('organization.searchPlaceholder')} placeholder={t('organization.searchPlaceholder')} onSearch={onSearch} />}
    >
      <ServerDataGrid
        ariaLabel={t('organization.title')}
        operation="organizations.list"
        columns={columns}
        query={{ search: search || undefined }}
        emptyText={t('organization.empty')}
        onRowClick={canWrite ? (row) => setEditing(row) : undefined}
        refreshKey={refreshKey}
      />
      <OrganizationForm
        open={editing !== undefined}
        organization={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          setRefreshKey((k) => k + 1);
        }}
      />
    </Page>
  );
}
