import { Fragment, useCallback, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import {
  Alert,
  Box,
  Button,
  Chip,
  Collapse,
  FormControl,
  FormControlLabel,
  IconButton,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { alpha } from '@mui/material/styles';
import CancelIcon from '@mui/icons-material/Cancel';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import type { Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { Page } from '../../components/Page.tsx';
import { SearchBox } from '../../components/SearchBox.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { ForecastWhatIfDialog, type Assumption } from './ForecastWhatIfDialog.tsx';

type Forecast = Output<'coverage.forecast'>;
type Row = Forecast['rows'][number];
type Months = 12 | 24 | 36;

const shortSx = { bgcolor: (theme: { palette: { error: { main: string } } }) => alpha(theme.palette.error.main, 0.16), color: 'error.dark', fontWeight: 600 };
const changedSx = { outline: '2px solid', outlineColor: 'info.main', outlineOffset: -3 };

/**
 * 镇区覆盖 › 未来 12/24/36 个月: towns × months, short cells coloured, the first shortfall and its reasons
 * on expanding a town; what-ifs (nothing saved) recompute the table, the cells they change outlined.
 */
export function CoverageForecast({ tabs }: { tabs: ReactNode }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  // 工作台 → 「未来 12 个月将低于定额的镇区」 opens this with its horizon and filter in the address.
  const [months, setMonths] = useState<Months>(() => ([12, 24, 36] as const).find((m) => String(m) === params.get('months')) ?? 12);
  const [search, setSearch] = useState('');
  const [onlyShort, setOnlyShort] = useState(false);
  const [onlyNewlyShort, setOnlyNewlyShort] = useState(() => params.get('onlyNewlyShort') === 'true');
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [cycleOutcome, setCycleOutcome] = useState<'proposals' | 'allPass' | 'everyYear'>('proposals');
  const [assumptions, setAssumptions] = useState<Assumption[]>([]);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [whatIfFor, setWhatIfFor] = useState<Row | null>(null);
  const onSearch = useCallback((v: string) => (setSearch(v), setPage(0)), []);
  const query = { months, cycleOutcome, assumptions, search: search || undefined, onlyShort, onlyNewlyShort, onlyChanged };
  const { data, error } = useCall('coverage.forecast', { ...query, page, pageSize });
  const summary = data?.summary;
  const label = (k: number) => (k === 0 ? t('coverageForecast.now') : (summary?.days[k]?.slice(0, 7) ?? ''));
  const whatIf = assumptions.length > 0 || cycleOutcome !== 'proposals';
  const clear = () => (setAssumptions([]), setCycleOutcome('proposals'), setOnlyChanged(false), setPage(0));
  const toggle = (id: number) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const textOffset = (summary?.cycle && cycleOutcome === 'allPass') || cycleOutcome === 'everyYear' ? 1 : 0; // core lists the cycle assumption first

  return (
    <Page
      title={t('coverage.title')}
      actions={<ExportButton operation="coverage.forecastExport" query={query} />}
      filters={
        <>
          {tabs}
          <ToggleButtonGroup
            size="small"
            exclusive
            value={months}
            onChange={(_e, v: Months | null) => v && (setMonths(v), setPage(0), setAssumptions((a) => a.filter((x) => (x.month ?? 0) <= v)))}
            aria-label={t('coverageForecast.horizon')}
          >
            {([12, 24, 36] as const).map((m) => (
              <ToggleButton key={m} value={m}>
                {t('coverageForecast.months', { months: m })}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <SearchBox label={t('coverage.search')} placeholder={t('coverage.search')} onSearch={onSearch} />
          <FormControlLabel
            control={<Switch checked={onlyShort} onChange={(e) => (setOnlyShort(e.target.checked), setPage(0))} />}
            label={t('coverageForecast.onlyShort')}
          />
          <FormControlLabel
            control={<Switch checked={onlyNewlyShort} onChange={(e) => (setOnlyNewlyShort(e.target.checked), setPage(0))} />}
            label={t('coverageForecast.onlyNewlyShort')}
          />
          {summary && (
            <FormControl size="small" sx={{ minWidth: 200 }}>
              <InputLabel id="forecast-cycle">
                {summary.cycle ? t('coverageForecast.cycle', { year: summary.cycle.year }) : t('coverageForecast.cycleNone')}
              </InputLabel>
              <Select
                labelId="forecast-cycle"
                label={summary.cycle ? t('coverageForecast.cycle', { year: summary.cycle.year }) : t('coverageForecast.cycleNone')}
                value={cycleOutcome}
                onChange={(e) => (setCycleOutcome(e.target.value as typeof cycleOutcome), setPage(0))}
              >
                <MenuItem value="proposals">{t(summary.cycle ? 'coverageForecast.cycleProposals' : 'coverageForecast.cycleNoRenewal')}</MenuItem>
                {summary.cycle && <MenuItem value="allPass">{t('coverageForecast.cyclePass')}</MenuItem>}
                <MenuItem value="everyYear">{t('coverageForecast.cycleEveryYear')}</MenuItem>
              </Select>
            </FormControl>
          )}
        </>
      }
    >
      {error && <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>}
      {summary && summary.towns === 0 && <Alert severity="info">{t('coverageForecast.empty')}</Alert>}
      {summary && summary.towns > 0 && (
        <Alert severity={summary.shortWithin ? 'warning' : 'success'}>
          {t('coverageForecast.summary', { months, short: summary.shortWithin, towns: summary.towns, now: summary.shortTowns[0] ?? 0 })}
          {summary.whatIf && ` ${t('coverageForecast.summaryWhatIf', { short: summary.shortWithin, base: summary.baseShortWithin })}`}
          <Typography variant="caption" component="div" color="text.secondary">
            {t('coverageForecast.method')}
          </Typography>
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: 1.5 }} component="section" aria-label={t('coverageForecast.whatIfTitle')}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="subtitle2">{t('coverageForecast.whatIfTitle')}</Typography>
          {!whatIf && (
            <Typography variant="body2" color="text.secondary">
              {t('coverageForecast.whatIfHint')}
            </Typography>
          )}
          {summary?.assumptions.map((text, i) =>
            i < textOffset ? (
              <Chip key={text} label={text} color="info" onDelete={() => setCycleOutcome('proposals')} />
            ) : (
              <Chip
                key={`${i}-${text}`}
                label={text}
                color="info"
                onDelete={() => setAssumptions((a) => a.filter((_x, j) => j !== i - textOffset))}
                deleteIcon={<CancelIcon aria-label={t('coverageForecast.removeAssumption', { text })} />}
              />
            ),
          )}
          {whatIf && (
            <>
              <FormControlLabel
                control={<Switch size="small" checked={onlyChanged} onChange={(e) => (setOnlyChanged(e.target.checked), setPage(0))} />}
                label={t('coverageForecast.onlyChanged')}
              />
              <Button size="small" color="inherit" variant="outlined" onClick={clear}>
                {t('coverageForecast.clear')}
              </Button>
            </>
          )}
          <Box sx={{ flex: 1 }} />
          <Chip size="small" label={t('coverageForecast.legendShort')} sx={shortSx} />
          <Chip size="small" label={t('coverageForecast.legendChanged')} variant="outlined" sx={changedSx} />
        </Stack>
      </Paper>
      <Paper variant="outlined" sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <TableContainer sx={{ flex: 1 }}>
          <Table size="small" stickyHeader aria-label={t('coverageForecast.table')}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ position: 'sticky', left: 0, zIndex: 3, bgcolor: 'background.paper', minWidth: 170 }}>
                  {t('coverageForecast.region')}
                </TableCell>
                <TableCell sx={{ minWidth: 110 }}>{t('coverageForecast.firstShort')}</TableCell>
                {summary?.days.map((_d, k) => (
                  <TableCell key={k} align="center" sx={{ whiteSpace: 'nowrap', px: 0.75 }}>
                    {label(k)}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {(data?.rows ?? []).map((row) => {
                const expanded = open.has(row.regionId);
                return (
                  <Fragment key={row.regionId}>
                    <TableRow hover>
                      <TableCell sx={{ position: 'sticky', left: 0, zIndex: 1, bgcolor: 'background.paper', whiteSpace: 'nowrap' }}>
                        <IconButton
                          size="small"
                          onClick={() => toggle(row.regionId)}
                          aria-expanded={expanded}
                          aria-label={t(expanded ? 'coverageForecast.collapse' : 'coverageForecast.expand', { region: row.name })}
                        >
                          {expanded ? <KeyboardArrowDownIcon fontSize="small" /> : <KeyboardArrowRightIcon fontSize="small" />}
                        </IconButton>
                        {row.name}
                        <Typography variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                          {row.parentName}
                        </Typography>
                      </TableCell>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>
                        <FirstShort row={row} label={label} />
                      </TableCell>
                      {row.months.map((m, k) => (
                        <TableCell
                          key={k}
                          align="center"
                          aria-label={
                            t('coverageForecast.cellLabel', {
                              region: row.name,
                              month: label(k),
                              actual: m.total,
                              quota: m.quota,
                              gap: m.gap ? t('coverageForecast.cellGap', { gap: m.gap }) : '',
                            }) + (m.changed ? t('coverageForecast.cellChanged') : '')
                          }
                          sx={{ px: 0.75, whiteSpace: 'nowrap', ...(m.gap > 0 ? shortSx : {}), ...(m.changed ? changedSx : {}) }}
                        >
                          {m.total}/{m.quota}
                        </TableCell>
                      ))}
                    </TableRow>
                    {expanded && summary && (
                      <TableRow>
                        <TableCell colSpan={2 + row.months.length} sx={{ bgcolor: 'action.hover', p: 0 }}>
                          <Collapse in appear>
                            <TownDetail row={row} summary={summary} label={label} onWhatIf={() => setWhatIfFor(row)} />
                          </Collapse>
                        </TableCell>
                      </TableRow>
                    )}
                  </Fragment>
                );
              })}
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
      {whatIfFor && summary && (
        <ForecastWhatIfDialog
          region={whatIfFor}
          levels={summary.levels}
          initialLevelId={shortLevelId(whatIfFor, summary) ?? summary.levels.at(-1)?.levelId ?? 0}
          monthLabels={summary.days.map((d) => d.slice(0, 7))}
          initialMonth={0}
          onClose={() => setWhatIfFor(null)}
          onAdd={(a) => (setAssumptions((list) => [...list, a]), setWhatIfFor(null))}
        />
      )}
    </Page>
  );
}

/** The level short in the town's first short month (the one a what-if most likely fills). */
function shortLevelId(row: Row, summary: Forecast['summary']): number | undefined {
  if (row.firstShort === null) return undefined;
  const m = row.months[row.firstShort]!;
  const i = m.actual.findIndex((actual, j) => actual < row.quotas[j]!);
  return i < 0 ? undefined : summary.levels[i]?.levelId;
}

function FirstShort({ row, label }: { row: Row; label: (k: number) => string }) {
  const { t } = useI18n();
  const text = (k: number | null) => (k === null ? t('coverageForecast.neverShort') : k === 0 ? t('coverageForecast.shortNow') : label(k));
  return (
    <>
      <Typography component="span" variant="body2" color={row.firstShort === null ? 'success.main' : 'error.main'} sx={{ fontWeight: 600 }}>
        {text(row.firstShort)}
      </Typography>
      {row.baseFirstShort !== row.firstShort && (
        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 0.5, textDecoration: 'line-through' }}>
          {t('coverageForecast.wasShort', { month: text(row.baseFirstShort) })}
        </Typography>
      )}
    </>
  );
}

/** A town opened: why it first falls short, everyone who leaves or joins, and its levels month by month. */
function TownDetail({ row, summary, label, onWhatIf }: { row: Row; summary: Forecast['summary']; label: (k: number) => string; onWhatIf(): void }) {
  const { t } = useI18n();
  const first = row.firstShort;
  const shortLevels = first === null ? [] : summary.levels.filter((_l, i) => row.months[first]!.actual[i]! < row.quotas[i]!).map((l, _i) => l.levelName);
  return (
    <Box
      sx={{ p: 1.5, position: 'sticky', left: 0, maxWidth: 'min(100%, 1100px)' }}
      role="region"
      aria-label={t('coverageForecast.detailTitle', { region: row.name })}
    >
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', mb: 1 }}>
        <Box sx={{ flex: 1 }}>
          {first === null && <Typography color="success.main">{t('coverageForecast.noReasons')}</Typography>}
          {first === 0 && <Typography color="error.main">{t('coverageForecast.reasonsNow', { levels: shortLevels.join('、') })}</Typography>}
          {first !== null && first > 0 && (
            <>
              <Typography color="error.main" sx={{ fontWeight: 600 }}>
                {t('coverageForecast.reasonsTitle', { month: label(first) })}
              </Typography>
              <Box component="ul" sx={{ m: 0, pl: 3 }}>
                {row.reasons.map((c, i) => (
                  <li key={i}>{t('coverageForecast.reason', { name: c.name, level: c.levelName, text: c.text })}</li>
                ))}
              </Box>
            </>
          )}
        </Box>
        <Button variant="contained" size="small" onClick={onWhatIf} aria-label={t('coverageForecast.whatIfAddFor', { region: row.name })}>
          {t('coverageForecast.whatIfAdd')}
        </Button>
      </Stack>
      <Table size="small" aria-label={t('coverageForecast.detailTitle', { region: row.name })} sx={{ width: 'auto', mb: 1 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('coverageForecast.level')}</TableCell>
            {row.months.map((_m, k) => (
              <TableCell key={k} align="center" sx={{ px: 0.75, whiteSpace: 'nowrap' }}>
                {label(k)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {summary.levels.map((l, i) => (
            <TableRow key={l.levelId}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{l.levelName}</TableCell>
              {row.months.map((m, k) => (
                <TableCell key={k} align="center" sx={{ px: 0.75, ...(m.actual[i]! < row.quotas[i]! ? shortSx : {}) }}>
                  {m.actual[i]}/{row.quotas[i]}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="subtitle2">{t('coverageForecast.changesTitle')}</Typography>
      {row.changes.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {t('coverageForecast.noChanges')}
        </Typography>
      )}
      <Box component="ul" sx={{ m: 0, pl: 3 }}>
        {row.changes.map((c, i) => (
          <Typography component="li" variant="body2" key={i} color={c.reason === 'whatIf' ? 'info.main' : undefined}>
            {t('coverageForecast.change', {
              month: label(c.month),
              direction: t(c.direction === 'out' ? 'coverageForecast.out' : 'coverageForecast.in'),
              name: c.name,
              level: c.levelName,
              text: c.text,
            })}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}
