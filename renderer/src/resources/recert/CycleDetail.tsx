import { useMemo, useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { Alert, Box, Button, Chip, Stack, Tab, Tabs, Typography } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useLatestNotice } from '../../api/LiveChanges.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { JobProgress } from '../../jobs/JobProgress.tsx';
import { finishedJob, type JobStatus } from '../../jobs/useJob.ts';
import { BatchNoticesButton } from '../documents/PrintButtons.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FilterSelect } from '../../components/FilterSelect.tsx';
import { useRegionOptions } from '../regions/useRegionOptions.ts';
import { RuleSummary } from '../compliance/RuleSummary.tsx';
import { OutcomeTally } from './OutcomeTally.tsx';
import { OutcomeChip, type Outcome } from './outcome.tsx';
import { ReviewDialog } from './ReviewDialog.tsx';
import { ConfirmSelectedDialog } from './ConfirmSelectedDialog.tsx';
import { showDay } from '../../api/clock.tsx';

type Review = Output<'recert.reviews'>['rows'][number];

/** One year's re-certification: preview while a draft, review list while open, read-only once closed. */
export function CycleDetail() {
  const { t } = useI18n();
  const cycleId = Number(useParams().id);
  const navigate = useNavigate();
  const canWrite = useAuth().can('registry.write');
  const { data, reload, error } = useCall('recert.get', { cycleId });
  const [tab, setTab] = useState<'reviews' | 'tally' | 'rules'>('reviews');
  const [asking, setAsking] = useState<'open' | 'close' | 'delete' | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  /** The open or close job this page started, while it runs (and its end, until the dialog closes). */
  const [job, setJob] = useState<JobStatus | null>(null);
  /** What this page did to the cycle: a cycle is opened once and closed once, so a notice of that operation is this user's own job. */
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  // Another user opening or closing this cycle while it is shown: the page refetches (useCall) and says who did it.
  const latest = useLatestNotice();
  const [shownSince] = useState(() => latest?.seq ?? 0);
  const changedBy =
    latest && latest.seq > shownSince && !done.has(latest.operation) && latest.records.some((r) => r.kind === 'recertCycles' && r.id === cycleId)
      ? latest.actorName
      : null;
  const changed = () => {
    reload();
    setRefreshKey((k) => k + 1);
  };
  /** 开启 / 结束 run as a job (thousands of rows at once): followed here with its progress; a failure throws its message into the dialog. */
  const runJob = async (operation: 'recert.open' | 'recert.close') => {
    setJob(null);
    const { jobId } = await call(operation, { id: cycleId, version: data!.cycle.version });
    await finishedJob(jobId, setJob);
    setDone((d) => new Set([...d, operation]));
    setAsking(null);
    setJob(null);
    changed();
  };
  const closeDialog = () => {
    setAsking(null);
    setJob(null);
  };
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!data) return null;
  const { cycle } = data;
  const shownTab = cycle.status === 'draft' && tab === 'reviews' ? 'tally' : tab;
  return (
    <Page
      title={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <span>{t('recert.cycleTitle', { year: cycle.year })}</span>
          <Chip size="small" label={t(`cycleStatus.${cycle.status}`)} color={cycle.status === 'open' ? 'primary' : 'default'} />
        </Stack>
      }
      actions={
        <>
          {canWrite && cycle.status === 'draft' && (
            <>
              <Button component={RouterLink} to="/rules">
                {t('recert.editRules')}
              </Button>
              <Button color="error" onClick={() => setAsking('delete')}>
                {t('recert.deleteDraft')}
              </Button>
              <Button variant="contained" onClick={() => setAsking('open')}>
                {t('recert.open')}
              </Button>
            </>
          )}
          {cycle.status !== 'draft' && <BatchNoticesButton cycleId={cycle.id} year={cycle.year} />}
          {canWrite && cycle.status === 'open' && (
            <Button variant="contained" onClick={() => setAsking('close')}>
              {t('recert.close')}
            </Button>
          )}
        </>
      }
    >
      {changedBy && <Alert severity="info">{t('live.cycleChanged', { name: changedBy, status: t(`cycleStatus.${cycle.status}`) })}</Alert>}
      <Alert severity={cycle.status === 'draft' ? 'info' : cycle.status === 'open' ? 'warning' : 'success'}>
        {cycle.status === 'draft'
          ? t('recert.draftHint', { version: data.ruleVersion })
          : cycle.status === 'open'
            ? t('recert.openHint', { version: data.ruleVersion, undecided: data.undecided, total: data.preview.overall.total })
            : t('recert.closedHint', { version: data.ruleVersion, at: cycle.closedAt ? showDay(cycle.closedAt) : '', by: cycle.closedBy ?? '' })}
      </Alert>
      <Tabs value={shownTab} onChange={(_e, v: typeof tab) => setTab(v)} sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 40 }}>
        {cycle.status !== 'draft' && <Tab value="reviews" label={t('recert.reviews')} />}
        <Tab value="tally" label={cycle.status === 'draft' ? t('recert.preview') : t('recert.tally')} />
        <Tab value="rules" label={t('recert.rulesTab', { version: data.ruleVersion })} />
      </Tabs>
      {shownTab === 'tally' && <OutcomeTally tally={data.preview} />}
      {shownTab === 'rules' && <RuleSummary lines={data.ruleSummary} version={data.ruleVersion} defaultExpanded />}
      {shownTab === 'reviews' && (
        <Reviews key={cycle.status} cycleId={cycleId} open={cycle.status === 'open' && canWrite} refreshKey={refreshKey} onChanged={changed} />
      )}
      <ConfirmDialog
        open={asking === 'open'}
        title={t('recert.openTitle', { year: cycle.year })}
        confirmLabel={t('recert.open')}
        onClose={closeDialog}
        onConfirm={async () => {
          await runJob('recert.open');
          setTab('reviews');
        }}
      >
        <Typography>{t('recert.openBody', { version: data.ruleVersion, total: data.preview.overall.total })}</Typography>
        {job && <JobProgress status={job} />}
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'close'}
        title={t('recert.closeTitle', { year: cycle.year })}
        confirmLabel={t('recert.close')}
        danger
        onClose={closeDialog}
        onConfirm={() => runJob('recert.close')}
      >
        <Typography>
          {t('recert.closeBody', { pass: data.preview.overall.pass, conditional: data.preview.overall.conditional, fail: data.preview.overall.fail })}
        </Typography>
        {job && <JobProgress status={job} />}
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'delete'}
        title={t('recert.deleteDraft')}
        confirmLabel={t('common.delete')}
        danger
        onClose={() => setAsking(null)}
        onConfirm={async () => {
          await call('recert.deleteDraft', { id: cycleId, version: cycle.version });
          navigate('/recert');
        }}
      >
        <Typography>{t('recert.deleteBody', { year: cycle.year })}</Typography>
      </ConfirmDialog>
    </Page>
  );
}

function Reviews({ cycleId, open, refreshKey, onChanged }: { cycleId: number; open: boolean; refreshKey: number; onChanged(): void }) {
  const { t, label } = useI18n();
  const [search, setSearch] = useState('');
  const [proposal, setProposal] = useState<Outcome | ''>('');
  const [decided, setDecided] = useState<'yes' | 'no' | ''>(open ? 'no' : '');
  const [levelId, setLevelId] = useState<number | ''>('');
  const [regionId, setRegionId] = useState<number | ''>('');
  const [selected, setSelected] = useState<number[]>([]);
  /** Each ticked review's version as the list showed it. */
  const [shownVersions, setShownVersions] = useState<Map<number, number>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [reviewId, setReviewId] = useState<number | null>(null);
  const { data: levels } = useCall('supervisors.levels', {});
  const { options: regions } = useRegionOptions();
  const query = {
    cycleId,
    search: search || undefined,
    proposal: proposal || undefined,
    decided: decided || undefined,
    levelId: levelId || undefined,
    regionId: regionId || undefined,
  };
  const columns = useMemo<GridColDef<Review>[]>(
    () => [
      { field: 'personName', headerName: t('person.name'), width: 90 },
      { field: 'levelRank', headerName: t('supervisor.level'), width: 90, valueGetter: (_v, r) => r.levelName },
      { field: 'regionName', headerName: t('supervisor.region'), width: 100 },
      {
        field: 'hours',
        headerName: t('recert.yearHours'),
        width: 95,
        sortable: false,
        valueGetter: (_v, r) => `${r.facts.yearHours} / ${r.facts.requiredYearHours}`,
      },
      { field: 'unified', headerName: t('recert.unified'), width: 80, sortable: false, valueGetter: (_v, r) => r.facts.unifiedTrainings },
      { field: 'proposal', headerName: t('recert.proposal'), width: 110, renderCell: ({ row }) => <OutcomeChip outcome={row.proposal} variant="outlined" /> },
      {
        field: 'reasons',
        headerName: t('recert.reasons'),
        flex: 1,
        minWidth: 200,
        sortable: false,
        renderCell: ({ row }) => <span title={row.reasons.join('；')}>{row.reasons.join('；')}</span>,
      },
      { field: 'decision', headerName: t('recert.decision'), width: 110, renderCell: ({ row }) => <OutcomeChip outcome={row.decision} /> },
      { field: 'decisionReason', headerName: t('recert.decisionReason'), width: 140, sortable: false },
    ],
    [t],
  );
  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <SearchBox label={t('recert.search')} placeholder={t('recert.searchPlaceholder')} onSearch={setSearch} />
        <FilterSelect<Outcome>
          label={t('recert.proposal')}
          value={proposal}
          allLabel={t('common.all')}
          options={(['pass', 'conditional', 'fail'] as const).map((v) => ({ value: v, label: label('outcome', v) }))}
          onChange={setProposal}
          minWidth={120}
        />
        <FilterSelect<'yes' | 'no'>
          label={t('recert.decidedFilter')}
          value={decided}
          allLabel={t('common.all')}
          options={[
            { value: 'no', label: t('recert.undecided') },
            { value: 'yes', label: t('recert.decided') },
          ]}
          onChange={setDecided}
          minWidth={120}
        />
        <FilterSelect<number>
          label={t('supervisor.level')}
          value={levelId}
          allLabel={t('common.all')}
          options={(levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
          onChange={setLevelId}
          minWidth={120}
        />
        <FilterSelect<number>
          label={t('supervisor.region')}
          value={regionId}
          allLabel={t('common.all')}
          options={regions}
          onChange={setRegionId}
          minWidth={120}
        />
        {open && (
          <Button variant="contained" disabled={selected.length === 0} onClick={() => setConfirming(true)}>
            {t('recert.confirmSelected', { count: selected.length })}
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <ExportButton operation="recert.export" query={query} />
      </Stack>
      <ServerDataGrid
        ariaLabel={t('recert.reviews')}
        operation="recert.reviews"
        columns={columns}
        query={query}
        scope={['cycleId']}
        emptyText={t('recert.noReviews')}
        refreshKey={refreshKey}
        onRowClick={(row) => setReviewId(row.id)}
        {...(open
          ? {
              selection: {
                ids: selected,
                onChange: (ids: number[], rows: Review[]) => {
                  setSelected(ids);
                  setShownVersions(new Map(rows.map((r) => [r.id, r.version])));
                },
                isSelectable: (row: Review) => row.decision === null,
              },
            }
          : {})}
      />
      <ConfirmSelectedDialog
        open={confirming}
        cycleId={cycleId}
        reviewIds={selected}
        versions={selected.map((id) => shownVersions.get(id) ?? 0)}
        onClose={() => setConfirming(false)}
        onStale={() => {
          // The dialog stays open with core's message (who changed what, when); the list behind it reloads.
          setSelected([]);
          onChanged();
        }}
        onDone={() => {
          setConfirming(false);
          setSelected([]);
          onChanged();
        }}
      />
      <ReviewDialog
        reviewId={reviewId}
        onClose={() => setReviewId(null)}
        onDecided={() => {
          setReviewId(null);
          onChanged();
        }}
      />
    </Box>
  );
}
