import { useCallback, useMemo, useState } from 'react';
import { Button } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import PublicIcon from '@mui/icons-material/Public';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { Code, Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { RegionForm } from './RegionForm.tsx';
import { StandardRegionsDialog } from './StandardRegionsDialog.tsx';

type Region = Output<'regions.list'>['rows'][number];

export function RegionList() {
  const { t, label } = useI18n();
  const canWrite = useAuth().can('config.write');
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Region | null | undefined>(undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const [importing, setImporting] = useState(false);
  const onSearch = useCallback((v: string) => setSearch(v), []);
  const columns = useMemo<GridColDef<Region>[]>(
    () => [
      { field: 'name', headerName: t('region.name'), flex: 1, minWidth: 140 },
      { field: 'code', headerName: t('region.code'), width: 140, renderCell: (p) => <Code>{p.row.code}</Code> },
      { field: 'level', headerName: t('region.level'), width: 120, valueFormatter: (v: string) => label('regionLevel', v) },
      { field: 'parentName', headerName: t('region.parent'), flex: 1, minWidth: 140 },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('region.title')}
      actions={
        <>
          <ExportButton operation="regions.export" query={{ search: search || undefined }} />
          {canWrite && (
            <>
              <Button variant="outlined" startIcon={<PublicIcon />} onClick={() => setImporting(true)}>
                {t('region.standardImport')}
              </Button>
              <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing(null)}>
                {t('region.create')}
              </Button>
            </>
          )}
        </>
      }
      filters={<SearchBox label={t('region.searchPlaceholder')} placeholder={t('region.searchPlaceholder')} onSearch={onSearch} />}
    >
      <ServerDataGrid
        ariaLabel={t('region.title')}
        operation="regions.list"
        columns={columns}
        query={{ search: search || undefined }}
        emptyText={t('region.empty')}
        onRowClick={canWrite ? (row) => setEditing(row) : undefined}
        refreshKey={refreshKey}
      />
      <StandardRegionsDialog open={importing} onClose={() => setImporting(false)} onImported={() => setRefreshKey((k) => k + 1)} />
      <RegionForm
        open={editing !== undefined}
        region={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          setRefreshKey((k) => k + 1);
        }}
      />
    </Page>
  );
}
