import { useState } from 'react';
import dayjs from 'dayjs';
import { Link as RouterLink, useParams } from 'react-router';
import { Alert, Box, Button, Chip, CircularProgress, Link, Paper, Stack, Tab, Tabs, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { useCall } from '../../api/useCall.ts';
import { SupervisorLetterButtons } from '../documents/PrintButtons.tsx';
import { Code, DetailList, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { RecordHistory } from '../audit/AuditLog.tsx';
import { CertificateTable } from '../people/CertificateTable.tsx';
import { STATUS_COLORS } from './SupervisorList.tsx';
import { SupervisorChangeDialog, type ChangeAction } from './ChangeDialogs.tsx';
import { SubjectsTab } from '../supervision-work/SubjectsTab.tsx';

/** The 督导对象 tab (issue 22) has its own value, after the tabs numbered by position. */
const SUBJECTS_TAB = 9;

export function SupervisorDetail() {
  const { t, label } = useI18n();
  const canReadHistory = useAuth().can('audit.read');
  const id = Number(useParams().id);
  const { data, error, reload } = useCall('supervisors.get', { id });
  const [tab, setTab] = useState(0);
  const [action, setAction] = useState<ChangeAction | null>(null);
  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  if (!data) return <CircularProgress aria-label={t('common.loading')} />;
  const { supervisor: s, certificates, events, allowedStatusTargets } = data;
  return (
    <Page
      title={
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <span>{s.personName}</span>
          <Chip size="small" label={s.levelName} color="primary" />
          <Chip size="small" label={label('supervisorStatus', s.status)} color={STATUS_COLORS[s.status]} />
        </Stack>
      }
      actions={
        <>
          <Button component={RouterLink} to="/supervisors" startIcon={<ArrowBackIcon />}>
            {t('common.back')}
          </Button>
          <Button component={RouterLink} to={`/people/${s.personId}`} variant="outlined">
            {t('supervisor.openPerson')}
          </Button>
          <SupervisorLetterButtons supervisorId={s.id} active={s.status === 'active'} />
        </>
      }
      filters={
        s.status === 'revoked' ? (
          <Typography color="text.secondary">{t('supervisor.change.revokedHint')}</Typography>
        ) : (
          <>
            {(['level', 'status', 'validity', 'region'] as const).map((a) => (
              <Button key={a} variant="outlined" size="small" onClick={() => setAction(a)}>
                {t(`supervisor.action.${a}`)}
              </Button>
            ))}
          </>
        )
      }
    >
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs
          value={tab}
          onChange={(_e, v: number) => setTab(v)}
          variant="scrollable"
          scrollButtons="auto"
          sx={{ borderBottom: 1, borderColor: 'divider', px: 1 }}
        >
          <Tab label={t('supervisor.tab.basic')} />
          <Tab label={`${t('supervisor.tab.certificates')}（${certificates.length}）`} />
          <Tab label={`${t('supervisor.tab.events')}（${events.length}）`} />
          {canReadHistory && <Tab label={t('supervisor.tab.history')} />}
          <Tab value={SUBJECTS_TAB} label={t('supervisionWork.subjectsTab')} />
        </Tabs>
        <Box sx={{ p: 2, overflow: 'auto' }}>
          {tab === 0 && (
            <DetailList
              items={[
                { label: t('person.name'), value: s.personName },
                { label: t('person.idNumber'), value: <Code>{s.idNumber}</Code> },
                { label: t('supervisor.level'), value: s.levelName },
                { label: t('supervisor.status'), value: label('supervisorStatus', s.status) },
                { label: t('supervisor.region'), value: s.regionName },
                { label: t('supervisor.organization'), value: s.organizationName },
                { label: t('supervisor.appointedOn'), value: s.appointedOn },
                { label: t('supervisor.validUntil'), value: s.validUntil },
                { label: t('person.phone'), value: s.phone },
              ]}
            />
          )}
          {tab === 1 && <CertificateTable certificates={certificates} />}
          {tab === 2 && (
            <Box component="ol" aria-label={t('supervisor.tab.events')} sx={{ listStyle: 'none', m: 0, p: 0 }}>
              {events.map((e) => (
                <Box component="li" key={e.id} sx={{ borderLeft: 3, borderColor: 'primary.main', pl: 2, pb: 2, position: 'relative' }}>
                  <Typography sx={{ fontWeight: 600 }}>
                    {e.effectiveOn} · {label('supervisorEvent', e.kind)}
                    {e.cycleId !== null && (
                      <>
                        {' · '}
                        <Link component={RouterLink} to={`/recert/${e.cycleId}`}>
                          {t('supervisor.event.cycle', { year: e.cycleYear ?? '' })}
                        </Link>
                      </>
                    )}
                  </Typography>
                  <Typography variant="body2">
                    {t('supervisor.event.summary', { level: e.levelName ?? '—', status: label('supervisorStatus', e.status), validUntil: e.validUntil ?? '—' })}
                    {e.regionName ? ` · ${e.regionName}` : ''}
                  </Typography>
                  {e.overrideReason && (
                    <Typography variant="body2" color="warning.main">
                      {t('supervisor.event.override')}：{e.overrideReason}
                    </Typography>
                  )}
                  {e.reason && (
                    <Typography variant="body2">
                      {t('supervisor.event.reason')}：{e.reason}
                    </Typography>
                  )}
                  <Typography variant="caption" color="text.secondary">
                    {t('supervisor.event.actor')}：{e.actorName} · {t('supervisor.event.recordedAt')}：{dayjs(e.recordedAt).format('YYYY-MM-DD HH:mm')}
                  </Typography>
                </Box>
              ))}
            </Box>
          )}
          {tab === 3 && <RecordHistory tableName="supervisor" rowId={s.id} />}
          {tab === SUBJECTS_TAB && <SubjectsTab supervisorId={s.id} />}
        </Box>
      </Paper>
      {action && (
        <SupervisorChangeDialog
          action={action}
          supervisor={s}
          allowedStatusTargets={allowedStatusTargets}
          onClose={() => setAction(null)}
          onSaved={() => {
            setAction(null);
            setTab(2);
            reload();
          }}
        />
      )}
    </Page>
  );
}
