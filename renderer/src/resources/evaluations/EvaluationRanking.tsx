import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useAddressChange } from '../../components/useAddressChange.ts';
import { Chip, Paper, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, Typography } from '@mui/material';
import { useCall } from '../../api/useCall.ts';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { ExportButton } from '../../jobs/ExportButton.tsx';
import { GradeChip } from './GradeChip.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';
import { thisYear as currentYear } from '../../api/clock.tsx';
import { LinkedFilterChip } from '../../components/LinkedFilterChip.tsx';

type Stage = 'none' | 'draft' | 'submitted' | 'reviewed';
const STAGES: Stage[] = ['none', 'draft', 'submitted', 'reviewed'];

/** 基地评估: every base's evaluation of a year, ranked by the reviewed total; and the template. */
export function EvaluationRanking() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const thisYear = currentYear();
  // 工作台 → 「待评审的基地评估」: ?year=…&status=submitted.
  const [params] = useSearchParams();
  const yearOf = (p: URLSearchParams) => (Number(p.get('year')) > 2000 ? Number(p.get('year')) : thisYear);
  const stageOf = (p: URLSearchParams) => (STAGES.includes(p.get('status') as Stage) ? (p.get('status') as Stage) : '');
  const [year, setYear] = useState(() => yearOf(params));
  const [status, setStatus] = useState<Stage | ''>(() => stageOf(params));
  useAddressChange((next) => {
    setYear(yearOf(next));
    setStatus(stageOf(next));
  });
  const [tab, setTab] = useState<'ranking' | 'template'>('ranking');
  const { data } = useCall('evaluations.ranking', { year, status: status || undefined });
  return (
    <Page
      title={t('evaluation.title')}
      actions={tab === 'ranking' && <ExportButton operation="evaluations.export" query={{ year, status: status || undefined }} />}
      filters={
        <>
          <Tabs value={tab} onChange={(_e, v: typeof tab) => setTab(v)}>
            <Tab value="ranking" label={t('evaluation.ranking')} />
            <Tab value="template" label={t('evaluation.templateTab')} />
          </Tabs>
          {tab === 'ranking' && <YearSelect value={year} onChange={setYear} years={4} />}
          {tab === 'ranking' && status && (
            <LinkedFilterChip label={`${t('recert.status')}：${label('evaluationStatus', status)}`} onDelete={() => setStatus('')} />
          )}
        </>
      }
    >
      {tab === 'template' ? (
        <TemplateEditor />
      ) : data && data.length === 0 ? (
        <Typography color="text.secondary">{t('evaluation.noBases')}</Typography>
      ) : (
        <Paper variant="outlined" sx={{ overflow: 'auto' }}>
          <Table size="small" stickyHeader aria-label={t('evaluation.ranking')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('evaluation.rank')}</TableCell>
                <TableCell>{t('base.name')}</TableCell>
                <TableCell>{t('base.region')}</TableCell>
                <TableCell>{t('base.grade')}</TableCell>
                <TableCell>{t('recert.status')}</TableCell>
                <TableCell align="right">{t('evaluation.selfTotalCol')}</TableCell>
                <TableCell align="right">{t('evaluation.reviewerTotalCol')}</TableCell>
                <TableCell>{t('evaluation.grade')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data?.map((r) => (
                <TableRow key={r.baseId} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/bases/${r.baseId}?tab=evaluation`)}>
                  <TableCell>{r.rank ?? '—'}</TableCell>
                  <TableCell>{r.baseName}</TableCell>
                  <TableCell>{r.regionName}</TableCell>
                  <TableCell>{label('baseGrade', r.baseGrade)}</TableCell>
                  <TableCell>{label('evaluationStatus', r.status ?? 'none')}</TableCell>
                  <TableCell align="right">{r.selfTotal ?? '—'}</TableCell>
                  <TableCell align="right">{r.reviewerTotal ?? '—'}</TableCell>
                  <TableCell>
                    <GradeChip grade={r.grade} />
                  </TableCell>
                  <TableCell>{r.flagged && <Chip size="small" color="warning" variant="outlined" label={t('evaluation.flagged')} />}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Page>
  );
}
