import { useEffect, useState } from 'react';
import { Alert, Button, Paper, Stack, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { call } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ChangedElsewhere } from '../../components/ChangedElsewhere.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { registrationRuleFields } from '../../../../core/schemas/certificates.ts';
import { DefaultQuota } from './DefaultQuota.tsx';
import { LoadLimits } from '../supervision-work/LoadLimits.tsx';
import { TrainingRules } from './TrainingRules.tsx';

/** 规则设置: the rule values that differ from city to city. */
export function RuleSettings() {
  const { t } = useI18n();
  const loaded = useCall('rules.registration', {});
  const record = useHeldRecord(true, loaded.data); // another user's save: a banner, not new values under the user's hands
  const data = record.held;
  const reload = () => (record.adoptNext(), loaded.reload());
  const [saved, setSaved] = useState(false);
  const { form, formError, submitWith } = useApiForm(registrationRuleFields, { registrationYears: 3, windowMonths: 3 });
  useEffect(() => {
    if (data) form.reset({ registrationYears: data.registrationYears, windowMonths: data.windowMonths });
  }, [data, form]);
  const onSubmit = submitWith(async (values) => {
    setSaved(false);
    await call('rules.setRegistration', values);
    setSaved(true);
    reload();
  });
  return (
    <Page title={t('rules.title')}>
      <Paper variant="outlined" sx={{ p: 2, maxWidth: 640, flexShrink: 0 }}>
        <form onSubmit={onSubmit} noValidate>
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              {t('rules.registration')}
            </Typography>
            {data && <Typography color="text.secondary">{t('rules.current', { rule: data.text })}</Typography>}
            <ChangedElsewhere {...record} />
            {formError && <Alert severity="error">{formError}</Alert>}
            {saved && <Alert severity="success">{t('common.saved')}</Alert>}
            <Stack direction="row" spacing={2}>
              <TextInput control={form.control} name="registrationYears" label={t('rules.registrationYears')} required numeric />
              <TextInput control={form.control} name="windowMonths" label={t('rules.windowMonths')} required numeric />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {t('rules.registrationNote')}
            </Typography>
            <Stack direction="row" spacing={1}>
              <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
                {t('common.save')}
              </Button>
              <Button component={RouterLink} to="/levels">
                {t('rules.levelsLink')}
              </Button>
            </Stack>
          </Stack>
        </form>
      </Paper>
      <DefaultQuota />
      <LoadLimits />
      <TrainingRules />
    </Page>
  );
}
