import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAddressChange } from '../../components/useAddressChange.ts';
import { Alert, Tab, Tabs } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Code, Page } from '../../components/Page.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { useOrganizationOptions } from '../organizations/useOrganizationOptions.ts';
import { ExportButton } from '../../jobs/ExportButton.tsx';

type Row = Output<'certificates.expiring'>['rows'][number];
type Status = 'window' | 'expired' | 'expiredThisMonth';
const STATUSES: Status[] = ['window', 'expired', 'expiredThisMonth'];
const statusOf = (params: URLSearchParams): Status => (STATUSES.includes(params.get('status') as Status) ? (params.get('status') as Status) : 'window');
const EMPTY = { window: 'certificate.emptyWindow', expired: 'certificate.emptyExpired', expiredThisMonth: 'certificate.emptyExpiredThisMonth' } as const;

/** 证书: registrations whose re-registration window is open, and those already expired. */
export function CertificateList() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  // 工作台 opens it on a tab: ?status=window|expired|expiredThisMonth.
  const [params] = useSearchParams();
  const [status, setStatus] = useState<Status>(() => statusOf(params));
  useAddressChange((next) => setStatus(statusOf(next)));
  const [regionId, setRegionId] = useState<number | ''>('');
  const [organizationId, setOrganizationId] = useState<number | ''>('');
  const { options: regions } = useRegionOptions();
  const organizations = useOrganizationOptions();
  const { data: rule } = useCall('rules.registration', {});
  const columns = useMemo<GridColDef<Row>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 100 },
      { field: 'idNumber', headerName: t('person.idNumber'), width: 195, sortable: false, renderCell: (p) => <Code>{p.row.idNumber}</Code> },
      { field: 'level', headerName: t('certificate.level'), width: 120, valueFormatter: (v: string) => label('certLevel', v) },
      { field: 'number', headerName: t('certificate.number'), width: 110, sortable: false },
      { field: 'registrationValidUntil', headerName: t('certificate.registrationValidUntil'), width: 110 },
      { field: 'windowStart', headerName: t('certificate.windowStart'), width: 100, sortable: false },
      { field: 'regionName', headerName: t('person.region'), width: 100 },
      { field: 'organizationName', headerName: t('person.organization'), flex: 1, minWidth: 110 },
      { field: 'phone', headerName: t('person.phone'), width: 115, sortable: false },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('certificate.title')}
      actions={
        <ExportButton operation="certificates.exportDue" query={{ status, regionId: regionId || undefined, organizationId: organizationId || undefined }} />
      }
      filters={
        <>
          <Tabs value={status} onChange={(_e, v: Status) => setStatus(v)} aria-label={t('certificate.title')}>
            <Tab value="window" label={t('certificate.tabWindow')} />
            <Tab value="expiredThisMonth" label={t('certificate.tabExpiredThisMonth')} />
            <Tab value="expired" label={t('certificate.tabExpired')} />
          </Tabs>
          <FilterSelect<number> label={t('person.region')} value={regionId} allLabel={t('supervisor.allRegions')} options={regions} onChange={setRegionId} />
          <FilterSelect<number>
            label={t('person.organization')}
            value={organizationId}
            allLabel={t('certificate.allOrganizations')}
            options={organizations}
            onChange={setOrganizationId}
          />
        </>
      }
    >
      {rule && <Alert severity="info">{t('certificate.ruleHint', { rule: rule.text })}</Alert>}
      <ServerDataGrid
        ariaLabel={t('certificate.title')}
        operation="certificates.expiring"
        columns={columns}
        query={{ status, regionId: regionId || undefined, organizationId: organizationId || undefined }}
        emptyText={t(EMPTY[status])}
        onRowClick={(row) => navigate(`/people/${row.personId}`)}
      />
    </Page>
  );
}
