import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { Alert, Box, Button, Card, CardActionArea, CardContent, LinearProgress, Link, Stack, Typography } from '@mui/material';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { showTime } from '../../api/clock.tsx';
import { Page } from '../../components/Page.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ScreenLoading } from '../../layout/ScreenLoading.tsx';
import { useAskAgainWhile } from './useAskAgain.ts';
import type { Resource } from '../declare.ts';
import { certificates } from '../certificates/resource.ts';
import { supervisors } from '../supervisors/resource.ts';
import { coverage } from '../coverage/resource.ts';
import { attendanceDue, sessions } from '../sessions/resource.ts';
import { evaluations } from '../evaluations/resource.ts';
import { compliance } from '../compliance/resource.ts';

type Overview = Output<'home.overview'>;
type Item = Overview['items'][number];

// The charts (and @mui/x-charts with them) load after the figures show, in a chunk of their own.
const HomeCharts = lazy(() => import('./HomeCharts.tsx').then((m) => ({ default: m.HomeCharts })));

/** The list each item opens, by key; the item's `query` (the filter core counted with) goes in the address. */
const LIST_OF: Record<Item['key'], Resource | null> = {
  certificatesWindow: certificates,
  certificatesExpiredThisMonth: certificates,
  supervisorsEnding: supervisors,
  townsShort: coverage,
  attendanceDue,
  evaluationsToReview: evaluations,
  sessionsThisWeek: sessions,
  rostersOpen: sessions,
  activeSupervisors: supervisors,
  sessionsHeld: sessions,
  hoursCredited: null,
  trainedPeople: null,
  evaluationsReviewed: evaluations,
};

export function linkOf(item: Item): string | null {
  const list = LIST_OF[item.key];
  if (!list || !item.query) return null;
  const params = new URLSearchParams(Object.entries(item.query).map(([k, v]) => [k, String(v)]));
  return params.size ? `/${list.path}?${params}` : `/${list.path}`;
}

/** One figure: a count and what it counts; opens its list when it has one. */
function ItemCard({ item }: { item: Item }) {
  const { t } = useI18n();
  const label = t(`home.item.${item.key}` as MessageKey);
  const to = linkOf(item);
  const body = (
    <CardContent sx={{ py: 1.5 }}>
      <Typography variant="h4" component="p" sx={{ fontWeight: 600, color: item.attention && item.count > 0 ? 'warning.dark' : 'text.primary' }}>
        {item.count.toLocaleString('zh-CN')}
      </Typography>
      <Typography color="text.secondary">{label}</Typography>
      {item.refreshing && (
        <Typography variant="caption" color="text.secondary">
          {t('home.refreshing')}
        </Typography>
      )}
    </CardContent>
  );
  return (
    <Card variant="outlined">
      {to ? (
        <CardActionArea component={RouterLink} to={to} aria-label={`${label} ${item.count}`}>
          {body}
        </CardActionArea>
      ) : (
        <Box aria-label={`${label} ${item.count}`} role="group">
          {body}
        </Box>
      )}
    </Card>
  );
}

function Panel({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card variant="outlined" component="section" aria-label={title}>
      <CardContent sx={{ py: 1.5 }}>
        <Stack direction="row" sx={{ alignItems: 'center', mb: 0.5 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
            {title}
          </Typography>
          {action}
        </Stack>
        {children}
      </CardContent>
    </Card>
  );
}

function RecertPanel({ recert }: { recert: NonNullable<Overview['recert']> }) {
  const { t } = useI18n();
  const share = recert.total ? (recert.decided / recert.total) * 100 : 0;
  return (
    <Panel
      title={t('home.recert.title', { year: recert.year })}
      action={
        <Button size="small" component={RouterLink} to={`/recert/${recert.cycleId}`}>
          {t('home.open')}
        </Button>
      }
    >
      {recert.status === 'draft' ? (
        <Typography color="text.secondary">{t('home.recert.draft')}</Typography>
      ) : (
        <>
          <Typography>{t('home.recert.progress', { decided: recert.decided, total: recert.total })}</Typography>
          <LinearProgress variant="determinate" value={share} sx={{ my: 0.75, height: 8, borderRadius: 1 }} aria-hidden />
        </>
      )}
      <Typography color={recert.daysLeft < 0 ? 'error' : 'text.secondary'} variant="body2">
        {recert.daysLeft < 0
          ? t('home.recert.overdue', { deadline: recert.deadline })
          : t('home.recert.daysLeft', { deadline: recert.deadline, days: recert.daysLeft })}
      </Typography>
    </Panel>
  );
}

function BackupPanel({ backup }: { backup: NonNullable<Overview['backup']> }) {
  const { t } = useI18n();
  const last = backup.last;
  return (
    <Panel
      title={t('home.backup.title')}
      action={
        <Button size="small" component={RouterLink} to="/backup">
          {t('home.open')}
        </Button>
      }
    >
      <Typography>{t('home.backup.schedule', { time: backup.time })}</Typography>
      <Typography variant="body2" color={last && !last.ok ? 'error' : 'text.secondary'}>
        {!last
          ? t('home.backup.none')
          : last.ok
            ? t('home.backup.ok', { at: showTime(last.at) })
            : t('home.backup.failed', { at: showTime(last.at), error: last.error ?? '' })}
      </Typography>
    </Panel>
  );
}

function AuditPanel({ audit }: { audit: Overview['audit'] }) {
  const { t } = useI18n();
  return (
    <Panel
      title={t('home.audit.title')}
      action={
        <Button size="small" component={RouterLink} to="/audit">
          {t('home.audit.verify')}
        </Button>
      }
    >
      {audit ? (
        <Typography color={audit.intact ? 'success.main' : 'error'}>
          {t('home.audit.checked', { at: showTime(audit.checkedAt), message: audit.message })}
        </Typography>
      ) : (
        <Typography color="text.secondary">{t('home.audit.notChecked')}</Typography>
      )}
    </Panel>
  );
}

/** A forecast list's address with the filter its headline was counted with. */
const forecastLink = (list: Resource, query: Record<string, string | number | boolean>) =>
  `/${list.path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`;

/** The forecasts' headlines (staff and administrators), each opening its forecast with the filter it was counted with; 「计算中…」 until core has them. */
function ForecastPanel({ forecasts }: { forecasts: NonNullable<Overview['forecasts']> }) {
  const { t } = useI18n();
  if (forecasts.state === 'computing')
    return (
      <Panel title={t('home.forecast.title')}>
        <Typography color="text.secondary">{t('home.forecast.computing')}</Typography>
      </Panel>
    );
  const { coverage: towns, compliance: people } = forecasts;
  const earliest = towns.earliest && {
    year: towns.earliest.month.slice(0, 4),
    month: Number(towns.earliest.month.slice(5, 7)),
    town: towns.earliest.townName,
  };
  const count = (n: number) => n.toLocaleString('zh-CN');
  return (
    <Panel title={t('home.forecast.title')}>
      <Stack spacing={0.5}>
        <Link component={RouterLink} to={forecastLink(coverage, towns.query)} underline="hover">
          {earliest
            ? t('home.forecast.townsEarliest', { months: towns.months, count: count(towns.count), ...earliest })
            : t('home.forecast.towns', { months: towns.months, count: count(towns.count) })}
        </Link>
        <Link component={RouterLink} to={forecastLink(compliance, people.query)} underline="hover">
          {t('home.forecast.people', { months: people.months, count: count(people.count) })}
        </Link>
        {forecasts.state === 'refreshing' && (
          <Typography variant="caption" color="text.secondary">
            {t('home.refreshing')}
          </Typography>
        )}
      </Stack>
    </Panel>
  );
}

function EvaluationsPanel({ year, evaluations }: { year: number; evaluations: Overview['evaluations'] }) {
  const { t, label } = useI18n();
  return (
    <Panel title={t('home.evaluations.title', { year })}>
      {evaluations.map((e) => (
        <Stack key={e.baseId} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Button size="small" component={RouterLink} to={`/bases/${e.baseId}?tab=evaluation`} sx={{ justifyContent: 'flex-start', flex: 1, minWidth: 0 }}>
            {e.baseName}
          </Button>
          <Typography variant="body2">
            {label('evaluationStatus', e.status ?? 'none')}
            {e.grade ? ` · ${label('evaluationGrade', e.grade)}` : ''}
          </Typography>
        </Stack>
      ))}
    </Panel>
  );
}

/** 工作台: each role's items (each opens its list, filtered), its panels, and the charts. */
export function HomeScreen() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { data, error, reload } = useCall('home.overview', {});
  useAskAgainWhile((data?.items.some((i) => i.refreshing) || (data?.forecasts && data.forecasts.state !== 'current')) ?? false, reload);
  const attention = data?.items.filter((i) => i.attention) ?? [];
  const figures = data?.items.filter((i) => !i.attention) ?? [];
  const nothingToDo = data && attention.every((i) => i.count === 0) && !data.recert;
  // The lists the items open load while the 工作台 shows (a screen's code otherwise loads on its first
  // opening, seconds on a busy machine), as the first screen's own code loads while signing in.
  const shown = data !== undefined;
  const withForecasts = data?.forecasts != null; // staff and administrators: the forecasts' headlines open 学时达标 too
  useEffect(() => {
    if (!shown) return;
    const lists = new Set([...Object.values(LIST_OF), withForecasts ? compliance : null]);
    const later = setTimeout(() => lists.forEach((r) => r?.list.preload()), 0);
    return () => clearTimeout(later);
  }, [shown, withForecasts]);
  return (
    <Page title={t('home.title')} actions={data && <Typography color="text.secondary">{t('home.today', { date: data.today })}</Typography>}>
      <Box sx={{ overflow: 'auto', minHeight: 0, flex: 1, pr: 0.5 }}>
        {error && <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>}
        {!data && !error && <ScreenLoading />}
        {data && (
          <Stack spacing={2}>
            {figures.length > 0 && (
              <section aria-label={user.role === 'auditor' ? t('home.keyFigures', { year: data.year }) : t('home.attention')}>
                {user.role === 'auditor' && (
                  <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
                    {t('home.keyFigures', { year: data.year })}
                  </Typography>
                )}
                <CardGrid>
                  {figures.map((item) => (
                    <ItemCard key={item.key} item={item} />
                  ))}
                </CardGrid>
              </section>
            )}
            {attention.length > 0 && (
              <section aria-label={t('home.attention')}>
                <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
                  {t('home.attention')}
                </Typography>
                {nothingToDo && <Alert severity="success">{t('home.nothingToDo')}</Alert>}
                {!nothingToDo && (
                  <CardGrid>
                    {attention.map((item) => (
                      <ItemCard key={item.key} item={item} />
                    ))}
                  </CardGrid>
                )}
              </section>
            )}
            {(data.recert || data.backup || data.forecasts || user.role === 'auditor' || data.evaluations.length > 0) && (
              <CardGrid min={300}>
                {data.forecasts && <ForecastPanel forecasts={data.forecasts} />}
                {data.recert && <RecertPanel recert={data.recert} />}
                {data.backup && <BackupPanel backup={data.backup} />}
                {user.role === 'auditor' && <AuditPanel audit={data.audit} />}
                {data.evaluations.length > 0 && <EvaluationsPanel year={data.year} evaluations={data.evaluations} />}
              </CardGrid>
            )}
            {user.role !== 'coordinator' && (
              <Suspense fallback={<Typography color="text.secondary">{t('home.chart.loading')}</Typography>}>
                <HomeCharts />
              </Suspense>
            )}
          </Stack>
        )}
      </Box>
    </Page>
  );
}

function CardGrid({ children, min = 190 }: { children: ReactNode; min?: number }) {
  return <Box sx={{ display: 'grid', gridTemplateColumns: `repeat(auto-fill, minmax(${min}px, 1fr))`, gap: 1.5 }}>{children}</Box>;
}
