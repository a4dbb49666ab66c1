import { useEffect } from 'react';
import { Box, Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import { Link as RouterLink } from 'react-router';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { FormDialog } from '../../components/FormDialog.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { DateInput, SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { decideReview } from '../../../../core/schemas/recert.ts';
import { OutcomeChip } from './outcome.tsx';
import { showDay, showTime } from '../../api/clock.tsx';

/** One supervisor's review: the facts behind the proposal, and the decision with its reason. */
export function ReviewDialog({ reviewId, onClose, onDecided }: { reviewId: number | null; onClose(): void; onDecided(): void }) {
  const { t, label } = useI18n();
  const canWrite = useAuth().can('registry.write');
  const fetched = useCall('recert.review', { id: reviewId ?? 0 }, reviewId !== null).data;
  // The previous review's data stays until this one's arrives: held, it read as "changed elsewhere" once this one came.
  const latest = fetched && fetched.id === reviewId ? fetched : undefined;
  // Another user's decision (or the cycle closing) shows a banner; the decision being written stays as it is.
  const record = useHeldRecord(reviewId !== null, latest);
  const data = record.held;
  const { form, submitWith, dialog, loadVersion, version } = useApiForm(decideReview, { id: 0, decision: 'pass', reason: '', conditionDeadline: '' });
  useEffect(() => {
    if (data && data.id === reviewId) {
      form.reset({
        id: data.id,
        decision: data.decision ?? data.proposal,
        reason: data.decisionReason ?? '',
        conditionDeadline: data.conditionDeadline ?? data.defaultDeadline,
      });
      loadVersion(data.version);
    }
  }, [data, reviewId, form, loadVersion]);
  const decision = form.watch('decision');
  const onSubmit = submitWith(async (values) => {
    await call('recert.decide', { ...values, version: version() });
    onDecided();
  });
  const editable = canWrite && data?.cycleStatus === 'open';
  const ready = data && data.id === reviewId;
  return (
    <FormDialog
      changedElsewhere={record}
      open={reviewId !== null}
      title={ready ? t('recert.reviewTitle', { name: data.personName, year: data.year }) : ''}
      onClose={onClose}
      onSubmit={editable ? onSubmit : (e) => (e.preventDefault(), onClose())}
      {...dialog}
      maxWidth="md"
      submitLabel={editable ? t('recert.decide') : t('common.close')}
    >
      {ready && (
        <>
          <Typography>
            {data.levelName} · {data.regionName} · {data.organizationName ?? ''}{' '}
            <RouterLink to={`/supervisors/${data.supervisorId}`}>{t('recert.openSupervisor')}</RouterLink>
          </Typography>
          <Box component="ul" sx={{ m: 0, pl: 0, listStyle: 'none' }} aria-label={t('recert.facts')}>
            {data.facts.checks.map((c) => (
              <Stack component="li" key={c.key} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                {c.met ? <CheckCircleIcon color="success" fontSize="small" /> : <CancelIcon color={c.remediable ? 'warning' : 'error'} fontSize="small" />}
                <Typography>
                  {c.text}
                  {!c.met && (c.remediable ? t('recert.remediable') : t('recert.notRemediable'))}
                </Typography>
              </Stack>
            ))}
          </Box>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <Typography>{t('recert.proposal')}：</Typography>
            <OutcomeChip outcome={data.proposal} variant="outlined" />
            <Typography variant="body2" color="text.secondary">
              {t('recert.computedAt', { at: showTime(data.computedAt) })}
            </Typography>
          </Stack>
          {editable ? (
            <>
              <SelectInput
                control={form.control}
                name="decision"
                label={t('recert.decision')}
                required
                options={(['pass', 'conditional', 'fail'] as const).map((v) => ({ value: v, label: label('outcome', v) }))}
              />
              {decision === 'conditional' && <DateInput control={form.control} name="conditionDeadline" label={t('recert.deadline')} required />}
              <TextInput control={form.control} name="reason" label={t('recert.decisionReason')} multiline minRows={2} helperText={t('recert.reasonHelp')} />
            </>
          ) : (
            data.decision && (
              <Typography>
                {t('recert.decidedBy', {
                  by: data.decidedBy ?? '',
                  at: data.decidedAt ? showDay(data.decidedAt) : '',
                  decision: label('outcome', data.decision),
                })}
                {data.conditionDeadline ? t('recert.deadlineText', { date: data.conditionDeadline }) : ''}
                {data.decisionReason ? `：${data.decisionReason}` : ''}
              </Typography>
            )
          )}
        </>
      )}
    </FormDialog>
  );
}
