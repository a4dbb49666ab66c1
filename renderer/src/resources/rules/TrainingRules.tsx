import { useEffect, useState } from 'react';
import { Controller, useWatch } from 'react-hook-form';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ChangedElsewhere } from '../../components/ChangedElsewhere.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { CheckboxInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { saveTrainingRules, trainingRulesBody } from '../../../../core/schemas/recert.ts';
import { showDay } from '../../api/clock.tsx';

type Rules = Output<'rules.training'>;
const CERT_LEVELS = ['assistant', 'social_worker', 'senior', 'worker'] as const;
/** A level's re-review minimums, one column each: training, then the supervision given (issue 22; empty: none). */
const REVIEW_FIELDS = ['unifiedTrainings', 'yearHours', 'supervisionHours', 'supervisionSessions', 'supervisionSubjects'] as const;

/**
 * 学时与再审核规则: the current version, readable; the admin edits it and sees the summary of the
 * edit before saving. Every save is a new version; cycles already open keep theirs.
 */
export function TrainingRules() {
  const { t, label } = useI18n();
  const canEdit = useAuth().can('config.write');
  const loaded = useCall('rules.training', {});
  const record = useHeldRecord(true, loaded.data); // another user's save: a banner, not new values under the user's hands
  const data = record.held;
  const reload = () => (record.adoptNext(), loaded.reload());
  const { data: levels } = useCall('supervisors.levels', {});
  const { data: lists } = useCall('bases.lists', {});
  const [saved, setSaved] = useState<number | null>(null);
  const { form, formError, submitWith } = useApiForm(saveTrainingRules, { body: undefined as never, note: '' });
  useEffect(() => {
    if (!data || !levels) return;
    const byLevel = levels.map((l) => data.body.review.byLevel.find((r) => r.levelId === l.id) ?? { levelId: l.id, ...data.body.review.default });
    form.reset({ body: { ...data.body, review: { ...data.body.review, byLevel } }, note: '' });
  }, [data, levels, form]);
  const body = useWatch({ control: form.control, name: 'body' });
  const summary = useSummary(body, data);
  const onSubmit = submitWith(async (values) => {
    setSaved(null);
    const { version } = await call('rules.saveTraining', values);
    setSaved(version);
    reload();
  });
  if (!data || !levels || !lists || !body) return null;
  return (
    <Paper variant="outlined" sx={{ p: 2, flexShrink: 0 }}>
      <form onSubmit={onSubmit} noValidate aria-label={t('trainingRules.title')}>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            {t('trainingRules.title')}
          </Typography>
          <Typography color="text.secondary">
            {t('trainingRules.version', { version: data.version, by: data.createdBy, at: showDay(data.createdAt), note: data.note ?? '' })}
          </Typography>
          <Alert severity="info" icon={false}>
            <Typography variant="subtitle2">{t('trainingRules.summary')}</Typography>
            <Box component="ol" sx={{ m: 0, pl: 2.5 }} aria-label={t('trainingRules.summary')}>
              {summary.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </Box>
          </Alert>
          {canEdit && (
            <>
              <FormLabel component="legend">{t('trainingRules.periodHours')}</FormLabel>
              <Stack direction="row" spacing={2}>
                {CERT_LEVELS.map((level) => (
                  <TextInput
                    key={level}
                    control={form.control}
                    name={`body.periodHours.${level}`}
                    label={label('certLevel', level)}
                    numeric
                    helperText={t('trainingRules.emptyNone')}
                  />
                ))}
              </Stack>
              <Stack direction="row" spacing={2}>
                <TextInput control={form.control} name="body.windowYears" label={t('trainingRules.windowYears')} required numeric />
                <TextInput control={form.control} name="body.windowHours" label={t('trainingRules.windowHours')} required numeric />
                <TextInput
                  control={form.control}
                  name="body.yearlyMinimumHours"
                  label={t('trainingRules.yearlyMinimum')}
                  numeric
                  helperText={t('trainingRules.emptyNone')}
                />
                <TextInput control={form.control} name="body.conditionalDeadlineMonths" label={t('trainingRules.deadlineMonths')} required numeric />
              </Stack>
              <Controller
                control={form.control}
                name="body.countedCategoryIds"
                render={({ field }) => (
                  <Box>
                    <FormLabel component="legend">{t('trainingRules.categories')}</FormLabel>
                    <FormGroup row>
                      {lists.courseCategories.map((c) => (
                        <FormControlLabel
                          key={c.id}
                          label={c.name}
                          control={
                            <Checkbox
                              checked={(field.value as number[]).includes(c.id)}
                              onChange={(e) =>
                                field.onChange(e.target.checked ? [...(field.value as number[]), c.id] : (field.value as number[]).filter((id) => id !== c.id))
                              }
                            />
                          }
                        />
                      ))}
                    </FormGroup>
                  </Box>
                )}
              />
              <CheckboxInput control={form.control} name="body.externalNeedsVerification" label={t('trainingRules.externalVerification')} />
              <FormLabel component="legend">{t('trainingRules.review')}</FormLabel>
              <Table size="small" sx={{ maxWidth: 1100 }}>
                <TableHead>
                  <TableRow>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{t('supervisor.level')}</TableCell>
                    {REVIEW_FIELDS.map((f) => (
                      <TableCell key={f}>{t(`trainingRules.${f}`)}</TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {body.review.byLevel.map((r, i) => (
                    <TableRow key={r.levelId}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{levels.find((l) => l.id === r.levelId)?.name}</TableCell>
                      {REVIEW_FIELDS.map((f) => (
                        <TableCell key={f}>
                          <TextInput
                            control={form.control}
                            name={`body.review.byLevel.${i}.${f}`}
                            label={`${levels.find((l) => l.id === r.levelId)?.name}${t(`trainingRules.${f}`)}`}
                            numeric
                          />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Typography variant="body2" color="text.secondary">
                {t('trainingRules.supervisionNote')}
              </Typography>
              <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', columnGap: 2 }}>
                <CheckboxInput control={form.control} name="body.review.requireRegistration" label={t('trainingRules.requireRegistration')} />
                <CheckboxInput control={form.control} name="body.review.requireActive" label={t('trainingRules.requireActive')} />
              </Stack>
              <FormLabel component="legend">{t('trainingRules.remediable')}</FormLabel>
              <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', columnGap: 2 }}>
                <CheckboxInput control={form.control} name="body.remediable.unifiedTraining" label={t('trainingRules.remediableUnified')} />
                <CheckboxInput control={form.control} name="body.remediable.yearHours" label={t('trainingRules.remediableHours')} />
                <CheckboxInput control={form.control} name="body.remediable.registration" label={t('trainingRules.remediableRegistration')} />
                <CheckboxInput control={form.control} name="body.remediable.supervision" label={t('trainingRules.remediableSupervision')} />
              </Stack>
              <TextInput control={form.control} name="note" label={t('trainingRules.note')} />
              <ChangedElsewhere {...record} />
              {formError && <Alert severity="error">{formError}</Alert>}
              {saved !== null && <Alert severity="success">{t('trainingRules.saved', { version: saved })}</Alert>}
              <Box>
                <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
                  {t('trainingRules.save')}
                </Button>
              </Box>
            </>
          )}
          <History history={data.history} />
        </Stack>
      </form>
    </Paper>
  );
}

/** The summary of what is on screen: the saved one, or the edit's as soon as it is valid. */
function useSummary(body: unknown, data: Rules | undefined): string[] {
  const [summary, setSummary] = useState<string[]>([]);
  const key = JSON.stringify(body);
  useEffect(() => {
    if (!data) return;
    const parsed = trainingRulesBody.safeParse(body);
    if (!parsed.success || JSON.stringify(parsed.data) === JSON.stringify(data.body)) {
      setSummary(data.summary);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call('rules.previewTraining', { body: parsed.data }).then(
        (r) => live && setSummary(r.summary),
        () => live && setSummary(data.summary),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for `body`, which is a fresh object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, data]);
  return summary;
}

function History({ history }: { history: Rules['history'] }) {
  const { t } = useI18n();
  return (
    <Box>
      <FormLabel component="legend">{t('trainingRules.history')}</FormLabel>
      <Table size="small" aria-label={t('trainingRules.history')} sx={{ maxWidth: 800 }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('trainingRules.versionCol')}</TableCell>
            <TableCell>{t('trainingRules.savedAt')}</TableCell>
            <TableCell>{t('trainingRules.savedBy')}</TableCell>
            <TableCell>{t('trainingRules.note')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.map((h) => (
            <TableRow key={h.version}>
              <TableCell>{t('trainingRules.versionN', { version: h.version })}</TableCell>
              <TableCell>{showDay(h.createdAt)}</TableCell>
              <TableCell>{h.createdBy}</TableCell>
              <TableCell>{h.note}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
