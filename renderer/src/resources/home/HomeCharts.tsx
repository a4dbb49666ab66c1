import { useState, type ReactNode } from 'react';
import { Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import BarChartIcon from '@mui/icons-material/BarChart';
import TableChartIcon from '@mui/icons-material/TableChart';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { useAskAgainWhile } from './useAskAgain.ts';

type Charts = Output<'home.charts'>;
type ChartKey = keyof Charts;
type Cell = string | number;

const HEIGHT = 260;

/** A chart's data as a table (the 「表格」 view, for screen readers and for reading exact numbers): the same columns the export writes. */
interface TableData {
  columns: string[];
  rows: Cell[][];
}

/** One chart: its picture or its table (「表格」), and 「导出数据」 of the same table as .xlsx (core writes it). */
function ChartCard({
  chart,
  title,
  table,
  empty,
  refreshing = false,
  children,
}: {
  chart: ChartKey;
  title: string;
  table: TableData;
  empty: boolean;
  /** Its figures are the previous ones while the server computes them again. */
  refreshing?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card variant="outlined" component="section" aria-label={title}>
      <CardContent sx={{ py: 1.5 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, flex: 1, minWidth: 0 }}>
            {title}
          </Typography>
          {refreshing && (
            <Typography variant="caption" color="text.secondary">
              {t('home.refreshing')}
            </Typography>
          )}
          <ToggleButtonGroup
            size="small"
            exclusive
            value={view}
            onChange={(_e, v: 'chart' | 'table' | null) => v && setView(v)}
            aria-label={t('home.chart.view')}
          >
            <ToggleButton value="chart" aria-label={t('home.chart.chart')}>
              <BarChartIcon fontSize="small" />
            </ToggleButton>
            <ToggleButton value="table">
              <TableChartIcon fontSize="small" sx={{ mr: 0.5 }} />
              {t('home.chart.table')}
            </ToggleButton>
          </ToggleButtonGroup>
          <ExportButton operation="home.exportChart" query={{ chart }} label={t('home.chart.export')} />
        </Stack>
        {empty ? (
          <Box sx={{ height: view === 'chart' ? HEIGHT : 'auto', display: 'grid', placeItems: 'center', py: 2 }}>
            <Typography color="text.secondary">{t('home.chart.noData')}</Typography>
          </Box>
        ) : view === 'chart' ? (
          <Box sx={{ height: HEIGHT }}>{children}</Box>
        ) : (
          <Box sx={{ maxHeight: HEIGHT, overflow: 'auto' }}>
            <Table size="small" stickyHeader aria-label={title}>
              <TableHead>
                <TableRow>
                  {table.columns.map((c, i) => (
                    <TableCell key={c} align={i === 0 ? 'left' : 'right'}>
                      {c}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {table.rows.map((row, r) => (
                  <TableRow key={r}>
                    {row.map((cell, i) => (
                      <TableCell key={i} align={i === 0 ? 'left' : 'right'}>
                        {typeof cell === 'number' ? cell.toLocaleString('zh-CN') : cell}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

/** The 工作台's charts (this module and @mui/x-charts load only with them). */
export function HomeCharts() {
  const { t, label } = useI18n();
  const { data, reload } = useCall('home.charts', {});
  // A chart being computed again on the server shows its previous figures until the new ones are there.
  const refreshing = data ? Object.values(data).some((chart) => chart.refreshing === true) : false;
  useAskAgainWhile(refreshing, reload);
  if (!data) return <Typography color="text.secondary">{t('home.chart.loading')}</Typography>;
  const { hoursByMonth, sessionsByBase, supervisorsByLevel, recertOutcomes, coverage } = data;
  const year = hoursByMonth.year;
  const months = hoursByMonth.rows.map((r) => t('home.col.monthValue', { month: r.month }));
  const outcomes = ['pass', 'conditional', 'fail'] as const;
  const lastYearLabel = t('home.col.yearHours', { year: year - 1 });
  const thisYearLabel = t('home.col.yearHours', { year });
  return (
    <Box component="section" aria-label={t('home.charts')}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
        {t('home.charts')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(460px, 1fr))', gap: 1.5 }}>
        <ChartCard
          chart="hoursByMonth"
          refreshing={hoursByMonth.refreshing}
          title={t('home.chart.hoursByMonth', { year })}
          empty={hoursByMonth.rows.every((r) => r.thisYear === 0 && r.lastYear === 0)}
          table={{ columns: [t('home.col.month'), lastYearLabel, thisYearLabel], rows: hoursByMonth.rows.map((r, i) => [months[i]!, r.lastYear, r.thisYear]) }}
        >
          <LineChart
            height={HEIGHT}
            xAxis={[{ scaleType: 'point', data: months }]}
            series={[
              { data: hoursByMonth.rows.map((r) => r.lastYear), label: lastYearLabel, color: '#9e9e9e', curve: 'linear' },
              { data: hoursByMonth.rows.map((r) => r.thisYear), label: thisYearLabel, curve: 'linear' },
            ]}
          />
        </ChartCard>

        <ChartCard
          chart="sessionsByBase"
          refreshing={sessionsByBase.refreshing}
          title={t('home.chart.sessionsByBase', { year: sessionsByBase.year })}
          empty={sessionsByBase.rows.length === 0}
          table={{
            columns: [t('home.col.base'), t('home.col.sessions'), t('home.col.trainees')],
            rows: sessionsByBase.rows.map((r) => [r.baseName, r.sessions, r.trainees]),
          }}
        >
          {/* Sessions and trainees differ tenfold: each has its own axis (sessions below, trainees above). */}
          <BarChart
            height={HEIGHT}
            layout="horizontal"
            yAxis={[{ scaleType: 'band', data: sessionsByBase.rows.map((r) => r.baseName), width: 150 }]}
            xAxis={[
              { id: 'sessions', label: t('home.col.sessions') },
              { id: 'trainees', label: t('home.col.trainees'), position: 'top' },
            ]}
            series={[
              { data: sessionsByBase.rows.map((r) => r.sessions), label: t('home.col.sessions'), xAxisId: 'sessions' },
              { data: sessionsByBase.rows.map((r) => r.trainees), label: t('home.col.trainees'), xAxisId: 'trainees' },
            ]}
          />
        </ChartCard>

        <ChartCard
          chart="supervisorsByLevel"
          refreshing={supervisorsByLevel.refreshing}
          title={t('home.chart.supervisorsByLevel')}
          empty={supervisorsByLevel.rows.every((r) => r.counts.every((n) => n === 0))}
          table={{
            columns: [t('home.col.year'), t('home.col.asOf'), ...supervisorsByLevel.levels.map((l) => l.levelName)],
            rows: supervisorsByLevel.rows.map((r) => [String(r.year), r.asOf, ...r.counts]),
          }}
        >
          <BarChart
            height={HEIGHT}
            xAxis={[{ scaleType: 'band', data: supervisorsByLevel.rows.map((r) => String(r.year)) }]}
            series={supervisorsByLevel.levels.map((l, i) => ({
              data: supervisorsByLevel.rows.map((r) => r.counts[i] ?? 0),
              label: l.levelName,
              stack: 'levels',
            }))}
          />
        </ChartCard>

        <ChartCard
          chart="recertOutcomes"
          refreshing={recertOutcomes.refreshing}
          title={t('home.chart.recertOutcomes')}
          empty={recertOutcomes.rows.length === 0}
          table={{
            columns: [t('home.col.cycleYear'), ...outcomes.map((o) => label('outcome', o))],
            rows: recertOutcomes.rows.map((r) => [String(r.year), r.pass, r.conditional, r.fail]),
          }}
        >
          <BarChart
            height={HEIGHT}
            xAxis={[{ scaleType: 'band', data: recertOutcomes.rows.map((r) => String(r.year)) }]}
            series={outcomes.map((o) => ({
              data: recertOutcomes.rows.map((r) => r[o]),
              label: label('outcome', o),
              stack: 'outcomes',
              color: OUTCOME_COLORS[o],
            }))}
          />
        </ChartCard>

        <ChartCard
          chart="coverage"
          refreshing={coverage.refreshing}
          title={t('home.chart.coverage')}
          empty={coverage.rows.length === 0}
          table={{
            columns: [t('home.col.district'), t('home.col.atQuota'), t('home.col.belowQuota')],
            rows: coverage.rows.map((r) => [r.district, r.atQuota, r.belowQuota]),
          }}
        >
          <BarChart
            height={HEIGHT}
            layout="horizontal"
            yAxis={[{ scaleType: 'band', data: coverage.rows.slice(0, 12).map((r) => r.district), width: 110 }]}
            series={[
              { data: coverage.rows.slice(0, 12).map((r) => r.atQuota), label: t('home.col.atQuota'), stack: 'towns', color: '#2e7d32' },
              { data: coverage.rows.slice(0, 12).map((r) => r.belowQuota), label: t('home.col.belowQuota'), stack: 'towns', color: '#ed6c02' },
            ]}
          />
        </ChartCard>
      </Box>
    </Box>
  );
}

const OUTCOME_COLORS = { pass: '#2e7d32', conditional: '#ed6c02', fail: '#d32f2f' } as const;
