import { useMemo, useState } from 'react';
import { Alert, Button, MenuItem, TextField } from '@mui/material';
import VerifiedIcon from '@mui/icons-material/Verified';
import type { GridColDef } from '@mui/x-data-grid';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Page } from '../../components/Page.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { describeChanges } from './changes.ts';
import { showTime } from '../../api/clock.tsx';

type Entry = Output<'audit.list'>['rows'][number];

export function useAuditColumns(withRecord: boolean) {
  const { t, label } = useI18n();
  return useMemo<GridColDef<Entry>[]>(
    () => [
      { field: 'at', headerName: t('audit.at'), width: 150, valueFormatter: (v: string) => showTime(v, { seconds: true }) },
      { field: 'actorName', headerName: t('audit.actor'), width: 110 },
      { field: 'operationTitle', headerName: t('audit.operation'), width: 150 },
      ...(withRecord
        ? [
            { field: 'tableTitle', headerName: t('audit.table'), width: 100 },
            { field: 'rowId', headerName: t('audit.rowId'), width: 70, sortable: false },
          ]
        : []),
      { field: 'action', headerName: t('audit.action'), width: 70, sortable: false, valueFormatter: (v: string) => label('auditAction', v) },
      {
        field: 'changes',
        headerName: t('audit.changes'),
        flex: 1,
        minWidth: 240,
        sortable: false,
        valueGetter: (_v, row) => describeChanges(row.before, row.after, row.fieldNames),
      },
    ],
    [t, label, withRecord],
  );
}

/** 报表与审计 → 操作日志: every change, filterable, paged in SQL; integrity check and export. */
export function AuditLog() {
  const { t } = useI18n();
  const { can } = useAuth();
  const facets = useCall('audit.facets', {});
  const [actorId, setActorId] = useState<number | ''>('');
  const [tableName, setTableName] = useState('');
  const [operation, setOperation] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [check, setCheck] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const columns = useAuditColumns(true);
  const valid = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : undefined);
  const query = {
    actorId: actorId === '' ? undefined : actorId,
    tableName: tableName || undefined,
    operation: operation || undefined,
    from: valid(from),
    to: valid(to),
  };
  const verify = async () => {
    try {
      const result = await call('audit.verify', {});
      setCheck(
        result.intact
          ? { severity: 'success', text: t('audit.intact', { count: result.entries.toLocaleString('zh-CN') }) }
          : { severity: 'error', text: t('audit.broken', { problems: result.message }) },
      );
    } catch (e) {
      setCheck({ severity: 'error', text: (e as Error).message });
    }
  };
  // After the administrator has looked into a failed check: sign the log as it is now (itself logged).
  const resign = async () => {
    try {
      setCheck({ severity: 'success', text: (await call('audit.resign', {})).message });
    } catch (e) {
      setCheck({ severity: 'error', text: (e as Error).message });
    }
  };
  return (
    <Page
      title={t('audit.title')}
      actions={
        <>
          {can('audit.verify') && (
            <Button variant="outlined" startIcon={<VerifiedIcon />} onClick={() => void verify()}>
              {t('audit.verify')}
            </Button>
          )}
          <ExportButton operation="audit.export" query={query} />
        </>
      }
      filters={
        <>
          <TextField
            select
            size="small"
            label={t('audit.actor')}
            value={actorId}
            onChange={(e) => setActorId(e.target.value === '' ? '' : Number(e.target.value))}
            sx={{ width: 150 }}
          >
            <MenuItem value="">{t('common.all')}</MenuItem>
            {(facets.data?.actors ?? [])
              .filter((a) => a.id !== null)
              .map((a) => (
                <MenuItem key={a.id} value={a.id!}>
                  {a.name}
                </MenuItem>
              ))}
          </TextField>
          <TextField select size="small" label={t('audit.table')} value={tableName} onChange={(e) => setTableName(e.target.value)} sx={{ width: 150 }}>
            <MenuItem value="">{t('common.all')}</MenuItem>
            {(facets.data?.tables ?? []).map(({ value, title }) => (
              <MenuItem key={value} value={value}>
                {title}
              </MenuItem>
            ))}
          </TextField>
          <TextField select size="small" label={t('audit.operation')} value={operation} onChange={(e) => setOperation(e.target.value)} sx={{ width: 180 }}>
            <MenuItem value="">{t('common.all')}</MenuItem>
            {(facets.data?.operations ?? []).map(({ value, title }) => (
              <MenuItem key={value} value={value}>
                {title}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            size="small"
            label={t('audit.from')}
            placeholder={t('common.datePlaceholder')}
            value={from}
            onChange={(e) => setFrom(e.target.value.trim())}
            sx={{ width: 140 }}
          />
          <TextField
            size="small"
            label={t('audit.to')}
            placeholder={t('common.datePlaceholder')}
            value={to}
            onChange={(e) => setTo(e.target.value.trim())}
            sx={{ width: 140 }}
          />
        </>
      }
    >
      {check && (
        <Alert
          severity={check.severity}
          onClose={() => setCheck(null)}
          action={
            check.severity === 'error' && can('backup.manage') ? (
              <Button color="inherit" size="small" onClick={() => void resign()}>
                {t('audit.resign')}
              </Button>
            ) : undefined
          }
        >
          {check.text}
        </Alert>
      )}
      <ServerDataGrid ariaLabel={t('audit.title')} operation="audit.list" columns={columns} query={query} emptyText={t('audit.empty')} />
    </Page>
  );
}

/** The 操作记录 tab of a detail page: the history of one record. */
export function RecordHistory({ tableName, rowId }: { tableName: string; rowId: number }) {
  const { t } = useI18n();
  const columns = useAuditColumns(false);
  return (
    <ServerDataGrid ariaLabel={t('audit.history')} operation="audit.list" columns={columns} query={{ tableName, rowId }} emptyText={t('audit.historyEmpty')} />
  );
}
