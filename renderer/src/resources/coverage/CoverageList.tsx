import { useCallback, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAddressChange } from '../../components/useAddressChange.ts';
import {
  Alert,
  Box,
  Button,
  Chip,
  FormControlLabel,
  Link,
  Paper,
  Stack,
  Switch,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { CoverageBar } from './CoverageBar.tsx';
import { CandidatesDialog } from './CandidatesDialog.tsx';
import { QuotaDialog } from './QuotaDialog.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { CoverageForecast } from './CoverageForecast.tsx';

type Row = Output<'coverage.list'>['rows'][number];

/** 镇区覆盖: every town against its supervisor quota, short ones first, with candidates for each gap; 未来 12/24/36 个月 forecasts it. */
export function CoverageList() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'forecast' ? 'forecast' : 'now';
  const tabs = (
    <Tabs
      value={view}
      onChange={(_e, v: string) => setParams(v === 'forecast' ? { view: 'forecast' } : {}, { replace: true })}
      aria-label={t('coverage.title')}
      sx={{ minHeight: 36, '& .MuiTab-root': { minHeight: 36, py: 0.5 } }}
    >
      <Tab value="now" label={t('coverageForecast.tabNow')} />
      <Tab value="forecast" label={t('coverageForecast.tabFuture')} />
    </Tabs>
  );
  return view === 'forecast' ? <CoverageForecast tabs={tabs} /> : <CoverageNow tabs={tabs} />;
}

function CoverageNow({ tabs }: { tabs: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [params] = useSearchParams();
  const [onlyShort, setOnlyShort] = useState(() => params.get('onlyShort') === 'true'); // 工作台 → 「低于定额的镇街」
  const [onlyUnsupervised, setOnlyUnsupervised] = useState(() => params.get('onlyUnsupervised') === 'true');
  const [page, setPage] = useState(0);
  useAddressChange((next) => {
    setOnlyShort(next.get('onlyShort') === 'true');
    setOnlyUnsupervised(next.get('onlyUnsupervised') === 'true');
    setPage(0);
  });
  const [pageSize, setPageSize] = useState(25);
  const [candidates, setCandidates] = useState<{ row: Row; level: Row['levels'][number] } | null>(null);
  const [editing, setEditing] = useState<Row | null>(null);
  const onSearch = useCallback((v: string) => {
    setSearch(v);
    setPage(0);
  }, []);
  const { data, reload, error } = useCall('coverage.list', { search: search || undefined, onlyShort, onlyUnsupervised, page, pageSize });
  const levels = data?.summary.levels ?? []; // the levels in use (core leaves out those with no quota and nobody)
  const n = (v: number) => v.toLocaleString('zh-CN');

  return (
    <Page
      title={t('coverage.title')}
      actions={<ExportButton operation="coverage.export" query={{ search: search || undefined, onlyShort, onlyUnsupervised }} />}
      filters={
        <>
          {tabs}
          <SearchBox label={t('coverage.search')} placeholder={t('coverage.search')} onSearch={onSearch} />
          <FormControlLabel
            control={<Switch checked={onlyShort} onChange={(e) => (setOnlyShort(e.target.checked), setPage(0))} />}
            label={t('coverage.onlyShort')}
          />
          <FormControlLabel
            control={<Switch checked={onlyUnsupervised} onChange={(e) => (setOnlyUnsupervised(e.target.checked), setPage(0))} />}
            label={t('coverage.onlyUnsupervised')}
          />
        </>
      }
    >
      {error && <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>}
      {data && (
        <Alert severity={data.summary.shortTowns ? 'warning' : 'success'}>
          {t('coverage.summary', { towns: n(data.summary.towns), short: n(data.summary.shortTowns), gap: n(data.summary.gap) })}
          {levels.map((l) => ` ${l.levelName} ${n(l.actual)}/${n(l.quota)}`).join('；')}
        </Alert>
      )}
      {data && data.summary.towns > 0 && (
        <Alert severity={data.summary.unsupervisedTowns ? 'warning' : 'info'}>
          {t('coverage.supervisionSummary', {
            year: data.summary.supervisionYear,
            hours: n(data.summary.supervisionHours),
            towns: n(data.summary.unsupervisedTowns),
          })}
        </Alert>
      )}
      {data && data.summary.towns === 0 && <Alert severity="info">{t('coverage.empty')}</Alert>}
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <TableContainer sx={{ flex: 1 }}>
          <Table size="small" stickyHeader aria-label={t('coverage.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('coverage.region')}</TableCell>
                {levels.map((l) => (
                  <TableCell key={l.levelId}>{t('coverage.levelColumn', { level: l.levelName })}</TableCell>
                ))}
                <TableCell align="right">{t('coverage.gap')}</TableCell>
                <TableCell>{t('coverage.supervisionColumn', { year: data?.summary.supervisionYear ?? '' })}</TableCell>
                <TableCell align="right">{t('coverage.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(data?.rows ?? []).map((row) => (
                <TableRow key={row.regionId} hover>
                  <TableCell>
                    <Link component="button" onClick={() => navigate(`/supervisors?regionId=${row.regionId}`)}>
                      {row.name}
                    </Link>
                    <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                      {row.parentName}
                    </Typography>
                  </TableCell>
                  {levels.map((l) => {
                    const cell = row.levels.find((x) => x.levelId === l.levelId)!;
                    const text = t('coverage.cell', { level: cell.levelName, actual: cell.actual, quota: cell.quota });
                    return (
                      <TableCell key={l.levelId}>
                        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                          <CoverageBar quota={cell.quota} actual={cell.actual} label={`${row.name} ${text}`} />
                          <Link component="button" variant="body2" onClick={() => navigate(`/supervisors?regionId=${row.regionId}&levelId=${cell.levelId}`)}>
                            {cell.actual}/{cell.quota}
                          </Link>
                          {cell.gap > 0 && (
                            <Button
                              size="small"
                              color="warning"
                              onClick={() => setCandidates({ row, level: cell })}
                              aria-label={t('coverage.findCandidatesFor', { region: row.name, level: cell.levelName })}
                            >
                              {t('coverage.findCandidates', { gap: cell.gap })}
                            </Button>
                          )}
                        </Stack>
                      </TableCell>
                    );
                  })}
                  <TableCell align="right">
                    <Typography color={row.gap ? 'error.main' : 'success.main'} sx={{ fontWeight: 600 }}>
                      {row.gap ? `−${row.gap}` : t('coverage.full')}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {row.supervisionSessions > 0 ? (
                      t('coverage.supervisionCell', {
                        hours: n(row.supervisionHours),
                        sessions: n(row.supervisionSessions),
                        organizations: n(row.supervisedOrganizations),
                      })
                    ) : row.unsupervised ? (
                      <Chip size="small" color="warning" variant="outlined" label={t('coverage.unsupervised')} />
                    ) : (
                      <Typography variant="body2" color="text.secondary">
                        {t('coverage.noSupervision')}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell align="right">
                    <Button size="small" onClick={() => setEditing(row)} aria-label={t('coverage.editQuotaFor', { region: row.name })}>
                      {t('coverage.editQuota')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
        <Box sx={{ borderTop: 1, borderColor: 'divider' }}>
          <TablePagination
            component="div"
            count={data?.total ?? 0}
            page={page}
            onPageChange={(_e, p) => setPage(p)}
            rowsPerPage={pageSize}
            onRowsPerPageChange={(e) => (setPageSize(Number(e.target.value)), setPage(0))}
            rowsPerPageOptions={[25, 50, 100]}
          />
        </Box>
      </Paper>
      {candidates && (
        <CandidatesDialog
          regionId={candidates.row.regionId}
          regionName={candidates.row.name}
          levelId={candidates.level.levelId}
          levelName={candidates.level.levelName}
          gap={candidates.level.gap}
          onClose={() => setCandidates(null)}
        />
      )}
      {editing && <QuotaDialog row={editing} onClose={() => setEditing(null)} onSaved={() => (setEditing(null), reload())} />}
    </Page>
  );
}
