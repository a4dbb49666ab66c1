import { useEffect, useMemo, useState } from 'react';
import { Controller } from 'react-hook-form';
import { Alert, Autocomplete, Button, Link, Paper, Stack, TextField, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { setServerClock, showTime } from '../../api/clock.tsx';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { Code, DetailList, Page } from '../../components/Page.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { MigrateToPostgres } from './MigrateToPostgres.tsx';
import { serverSettingsFields, type ServerSettingsInput } from '../../../../core/schemas/server-settings.ts';

type Settings = Output<'system.serverSettings'>;

const formValues = (s: Settings): ServerSettingsInput => ({
  timeZone: s.timeZone,
  backupTime: s.backupTime,
  keepDaily: s.keepDaily,
  keepWeekly: s.keepWeekly,
  keepMonthly: s.keepMonthly,
});

/** The IANA names the browser knows, for picking; core checks the name again. */
function zoneNames(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([current, 'Asia/Shanghai', 'UTC', ...known])].sort();
}

/** 系统 › 服务器设置 (administrators): the time zone every date and time is read in, the scheduled backup with its last result, and 迁移到 PostgreSQL. */
export function ServerSettings() {
  const { t } = useI18n();
  const { data, error, reload } = useCall('system.serverSettings', {});
  const [saved, setSaved] = useState(false);
  const { form, formError, submitWith } = useApiForm(serverSettingsFields, {
    timeZone: 'Asia/Shanghai',
    backupTime: '02:00',
    keepDaily: 7,
    keepWeekly: 4,
    keepMonthly: 12,
  });
  useEffect(() => {
    if (data) form.reset(formValues(data));
  }, [data, form]);
  const zones = useMemo(() => zoneNames(data?.timeZone ?? 'Asia/Shanghai'), [data?.timeZone]);
  const onSubmit = submitWith(async (values) => {
    setSaved(false);
    await call('system.saveServerSettings', values);
    setServerClock(await call('system.clock', {})); // every screen reads times in the new zone from now on
    setSaved(true);
    reload();
  });
  if (error) return <Alert severity="error">{t('common.loadFailed', { message: error.message })}</Alert>;
  const last = data?.lastScheduledBackup;
  return (
    <Page title={t('serverSettings.title')}>
      <Paper variant="outlined" sx={{ p: 2, maxWidth: 720, flexShrink: 0 }}>
        <form onSubmit={onSubmit} noValidate>
          <Stack spacing={2}>
            {formError && <Alert severity="error">{formError}</Alert>}
            {saved && <Alert severity="success">{t('common.saved')}</Alert>}
            <Typography variant="h6" component="h2">
              {t('serverSettings.clock')}
            </Typography>
            <Controller
              control={form.control}
              name="timeZone"
              render={({ field, fieldState }) => (
                <Autocomplete
                  options={zones}
                  value={field.value ?? null}
                  onChange={(_e, zone) => field.onChange(zone ?? '')}
                  onBlur={field.onBlur}
                  disableClearable
                  size="small"
                  sx={{ maxWidth: 360 }}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      inputRef={field.ref}
                      name={field.name}
                      label={t('serverSettings.timeZone')}
                      required
                      error={!!fieldState.error}
                      helperText={fieldState.error?.message ?? t('serverSettings.timeZoneHelp', { zone: data?.defaultTimeZone ?? 'Asia/Shanghai' })}
                    />
                  )}
                />
              )}
            />
            <Typography variant="h6" component="h2">
              {t('serverSettings.backup')}
            </Typography>
            <Stack direction="row" spacing={2}>
              <TextInput
                control={form.control}
                name="backupTime"
                label={t('serverSettings.backupTime')}
                required
                helperText={t('serverSettings.backupTimeHelp')}
              />
              <TextInput control={form.control} name="keepDaily" label={t('serverSettings.keepDaily')} required numeric />
              <TextInput control={form.control} name="keepWeekly" label={t('serverSettings.keepWeekly')} required numeric />
              <TextInput control={form.control} name="keepMonthly" label={t('serverSettings.keepMonthly')} required numeric />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {t('serverSettings.rotation')}
            </Typography>
            <Stack direction="row">
              <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
                {t('common.save')}
              </Button>
            </Stack>
          </Stack>
        </form>
      </Paper>
      {data && (
        <Paper variant="outlined" sx={{ p: 2, maxWidth: 720, flexShrink: 0 }}>
          <Stack spacing={1.5}>
            <Typography variant="h6" component="h2">
              {t('serverSettings.lastBackup')}
            </Typography>
            {last ? (
              <Alert severity={last.ok ? 'success' : 'error'}>
                {last.ok
                  ? t('serverSettings.lastOk', { at: showTime(last.at), file: last.file ?? '' })
                  : t('serverSettings.lastFailed', { at: showTime(last.at), dir: last.dir, error: last.error ?? '' })}
              </Alert>
            ) : (
              <Typography color="text.secondary">{t('serverSettings.noRunYet')}</Typography>
            )}
            <DetailList
              items={[
                { label: t('serverSettings.next'), value: showTime(data.nextScheduledBackupAt) },
                { label: t('serverSettings.dir'), value: <Code>{data.backupDir}</Code> },
              ]}
            />
            <Typography variant="body2">
              <Link component={RouterLink} to="/backup">
                {t('serverSettings.toBackups')}
              </Link>
            </Typography>
          </Stack>
        </Paper>
      )}
      {data && <MigrateToPostgres engine={data.engine} />}
    </Page>
  );
}
