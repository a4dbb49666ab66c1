import { useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { ApiError, call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ChangedElsewhere } from '../../components/ChangedElsewhere.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { YearSelect } from '../../components/YearSelect.tsx';
import { ApplyResultDialog } from './ApplyResultDialog.tsx';
import { GradeChip } from './GradeChip.tsx';
import { thisYear as currentYear } from '../../api/clock.tsx';
import { showDay } from '../../api/clock.tsx';

type Data = Output<'evaluations.get'>;
const toText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const toScore = (v: string) => (v.trim() === '' ? null : Number(v));

/**
 * A base's evaluation for a year: the coordinator's self-assessment, the reviewer's scores and
 * the evidence per indicator, beside the facts the system already knows; then the total, the
 * grade, the years before, and what the result led to.
 */
export function BaseEvaluationTab({ baseId, onBaseChanged }: { baseId: number; onBaseChanged(): void }) {
  const { t, label } = useI18n();
  const { can } = useAuth();
  const thisYear = currentYear();
  const [year, setYear] = useState(thisYear);
  const loaded = useCall('evaluations.get', { baseId, year });
  // Once the user has typed, another user's save shows a banner instead of replacing what they typed.
  const [edited, setEdited] = useState(false);
  const record = useHeldRecord(edited, loaded.data);
  const data = record.held;
  const reload = () => (setEdited(false), loaded.reload());
  const typed =
    <T,>(set: (value: T) => void) =>
    (value: T) => (setEdited(true), set(value));
  const [self, setSelf] = useState<string[]>([]);
  const [review, setReview] = useState<string[]>([]);
  const [evidence, setEvidence] = useState<string[]>([]);
  const [problem, setProblem] = useState<{ index: number | null; message: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [asking, setAsking] = useState<'submit' | 'complete' | null>(null);
  const [applying, setApplying] = useState(false);
  useEffect(() => {
    if (!data) return;
    const n = data.template.items.length;
    const e = data.evaluation;
    setSelf(Array.from({ length: n }, (_v, i) => toText(e?.selfScores[i])));
    setReview(Array.from({ length: n }, (_v, i) => toText(e?.reviewerScores[i])));
    setEvidence(Array.from({ length: n }, (_v, i) => e?.evidence[i] ?? ''));
    setProblem(null);
  }, [data]);
  if (!data) return null;
  const { template, evaluation, facts } = data;
  const status = evaluation?.status ?? 'draft';
  const canSelf = can('bases.write') && status === 'draft';
  const canReview = can('registry.write');
  const run = async (what: () => Promise<unknown>, message: string) => {
    setProblem(null);
    setSaved(null);
    try {
      await what();
      setSaved(message);
      reload();
    } catch (error) {
      const index = error instanceof ApiError && error.field?.startsWith('scores.') ? Number(error.field.slice(7)) : null;
      setProblem({ index, message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
  const saveSelf = (submit: boolean) =>
    run(
      () =>
        call('evaluations.saveSelf', {
          baseId,
          year,
          version: evaluation?.version,
          scores: self.map(toScore),
          evidence: evidence.map((e) => e || null),
          submit,
        }),
      t(submit ? 'evaluation.submitted' : 'common.saved'),
    );
  const saveReview = (complete: boolean) =>
    run(
      () =>
        call('evaluations.review', {
          baseId,
          year,
          version: evaluation?.version,
          scores: review.map(toScore),
          evidence: evidence.map((e) => e || null),
          complete,
        }),
      t(complete ? 'evaluation.reviewed' : 'common.saved'),
    );
  const scoreInput = (values: string[], set: (v: string[]) => void, i: number, enabled: boolean, what: string) => (
    <TextField
      size="small"
      value={values[i] ?? ''}
      disabled={!enabled}
      error={problem?.index === i}
      onChange={(e) => set(values.map((v, k) => (k === i ? e.target.value : v)))}
      slotProps={{ htmlInput: { inputMode: 'decimal', 'aria-label': `${what}：${template.items[i]!.indicator} / ${template.items[i]!.name}` } }}
      sx={{ width: 72 }}
    />
  );
  return (
    <Stack spacing={1.5}>
      <ChangedElsewhere {...record} />
      <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <YearSelect value={year} onChange={(y) => (setEdited(false), setYear(y))} years={4} />
        <Chip
          label={label('evaluationStatus', evaluation?.status ?? 'none')}
          color={status === 'reviewed' ? 'success' : status === 'submitted' ? 'primary' : 'default'}
        />
        {evaluation?.selfTotal !== null && evaluation?.selfTotal !== undefined && (
          <Typography>{t('evaluation.selfTotal', { total: evaluation.selfTotal })}</Typography>
        )}
        {evaluation?.status === 'reviewed' && (
          <>
            <Typography sx={{ fontWeight: 600 }}>{t('evaluation.reviewerTotal', { total: evaluation.reviewerTotal ?? 0 })}</Typography>
            <GradeChip grade={evaluation.grade} />
          </>
        )}
        <Typography variant="body2" color="text.secondary">
          {t('evaluation.templateVersion', { version: template.version })}
        </Typography>
      </Stack>
      <Facts facts={facts} year={year} />
      <Typography variant="body2" color="text.secondary">
        {template.gradeText}
      </Typography>
      {problem && <Alert severity="error">{problem.message}</Alert>}
      {saved && <Alert severity="success">{saved}</Alert>}
      <Table size="small" aria-label={t('evaluation.form')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('evaluation.indicator')}</TableCell>
            <TableCell>{t('evaluation.item')}</TableCell>
            <TableCell align="right">{t('evaluation.max')}</TableCell>
            <TableCell>{t('evaluation.self')}</TableCell>
            <TableCell>{t('evaluation.review')}</TableCell>
            <TableCell sx={{ width: '35%' }}>{t('evaluation.evidence')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {template.items.map((item, i) => (
            <TableRow key={i} selected={problem?.index === i}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{i === 0 || template.items[i - 1]!.indicator !== item.indicator ? item.indicator : ''}</TableCell>
              <TableCell>
                <Typography variant="body2">{item.name}</Typography>
                {item.description && (
                  <Typography variant="caption" color="text.secondary">
                    {item.description}
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">{item.maxScore}</TableCell>
              <TableCell>{scoreInput(self, typed(setSelf), i, canSelf, t('evaluation.self'))}</TableCell>
              <TableCell>{scoreInput(review, typed(setReview), i, canReview && status !== 'draft', t('evaluation.review'))}</TableCell>
              <TableCell>
                <TextField
                  size="small"
                  fullWidth
                  value={evidence[i] ?? ''}
                  disabled={!canSelf && !canReview}
                  onChange={(e) => typed(setEvidence)(evidence.map((v, k) => (k === i ? e.target.value : v)))}
                  slotProps={{ htmlInput: { 'aria-label': `${t('evaluation.evidence')}：${item.indicator} / ${item.name}` } }}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {canSelf && (
          <>
            <Button variant="outlined" onClick={() => void saveSelf(false).catch(() => {})}>
              {t('evaluation.saveSelf')}
            </Button>
            <Button variant="contained" onClick={() => setAsking('submit')}>
              {t('evaluation.submitSelf')}
            </Button>
          </>
        )}
        {canReview && status !== 'draft' && (
          <>
            <Button variant="outlined" onClick={() => void saveReview(false).catch(() => {})}>
              {t('evaluation.saveReview')}
            </Button>
            <Button variant="contained" onClick={() => setAsking('complete')}>
              {status === 'reviewed' ? t('evaluation.reviseReview') : t('evaluation.completeReview')}
            </Button>
          </>
        )}
        {canReview && status === 'draft' && <Typography color="text.secondary">{t('evaluation.waitingSelf')}</Typography>}
        {can('config.write') && evaluation?.status === 'reviewed' && (
          <Button color="secondary" onClick={() => setApplying(true)}>
            {t('evaluation.apply')}
          </Button>
        )}
      </Stack>
      <History history={data.history} events={data.events} />
      <ConfirmDialog
        open={asking !== null}
        title={t(asking === 'submit' ? 'evaluation.submitTitle' : 'evaluation.completeTitle', { year })}
        confirmLabel={t(asking === 'submit' ? 'evaluation.submitSelf' : 'evaluation.completeReview')}
        onClose={() => setAsking(null)}
        onConfirm={async () => {
          await (asking === 'submit' ? saveSelf(true) : saveReview(true));
          setAsking(null);
        }}
      >
        <Typography>{t(asking === 'submit' ? 'evaluation.submitBody' : 'evaluation.completeBody')}</Typography>
      </ConfirmDialog>
      {evaluation && (
        <ApplyResultDialog
          open={applying}
          evaluationId={evaluation.id}
          onClose={() => setApplying(false)}
          onDone={() => (setApplying(false), reload(), onBaseChanged())}
        />
      )}
    </Stack>
  );
}

function Facts({ facts, year }: { facts: Data['facts']; year: number }) {
  const { t } = useI18n();
  const items: [string, string | number][] = [
    [t('evaluation.fact.sessions'), facts.sessionsHeld],
    [t('evaluation.fact.hours'), facts.hoursDelivered],
    [t('evaluation.fact.trainees'), facts.trainees],
    [t('evaluation.fact.traineeHours'), facts.traineeHours],
    [t('evaluation.fact.attendance'), facts.attendanceRate === null ? '—' : `${facts.attendanceRate}%`],
    [t('evaluation.fact.mentors'), facts.mentorsInPool],
    [t('evaluation.fact.courses'), facts.courses],
  ];
  return (
    <Box
      component="dl"
      aria-label={t('evaluation.facts', { year })}
      sx={{ m: 0, display: 'flex', flexWrap: 'wrap', gap: 3, p: 1.5, bgcolor: 'action.hover', borderRadius: 1 }}
    >
      <Typography variant="subtitle2" component="div" sx={{ width: '100%' }}>
        {t('evaluation.facts', { year })}
      </Typography>
      {items.map(([name, value]) => (
        <Box key={name}>
          <Typography component="dt" variant="caption" color="text.secondary">
            {name}
          </Typography>
          <Typography component="dd" sx={{ m: 0, fontWeight: 600 }}>
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

function History({ history, events }: { history: Data['history']; events: Data['events'] }) {
  const { t, label } = useI18n();
  if (history.length === 0 && events.length === 0) return null;
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2">{t('evaluation.history')}</Typography>
      <Table size="small" aria-label={t('evaluation.history')} sx={{ maxWidth: 720 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('recert.year')}</TableCell>
            <TableCell>{t('recert.status')}</TableCell>
            <TableCell align="right">{t('evaluation.selfTotalCol')}</TableCell>
            <TableCell align="right">{t('evaluation.reviewerTotalCol')}</TableCell>
            <TableCell>{t('evaluation.grade')}</TableCell>
            <TableCell>{t('evaluation.templateCol')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.map((h) => (
            <TableRow key={h.year}>
              <TableCell>{h.year}</TableCell>
              <TableCell>{label('evaluationStatus', h.status)}</TableCell>
              <TableCell align="right">{h.selfTotal ?? '—'}</TableCell>
              <TableCell align="right">{h.reviewerTotal ?? '—'}</TableCell>
              <TableCell>{h.grade ? <GradeChip grade={h.grade} /> : '—'}</TableCell>
              <TableCell>{t('trainingRules.versionN', { version: h.templateVersion })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {events.map((e) => (
        <Typography key={e.id} variant="body2">
          {showDay(e.recordedAt)} {e.actorName}：{e.detail}。{t('evaluation.reason', { reason: e.reason })}
        </Typography>
      ))}
    </Stack>
  );
}
