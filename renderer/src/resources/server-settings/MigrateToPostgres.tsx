import { useState } from 'react';
import { Alert, Button, Paper, Stack, Typography } from '@mui/material';
import { call } from '../../api/client.ts';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Code } from '../../components/Page.tsx';
import { JobProgress } from '../../jobs/JobProgress.tsx';
import { useJob } from '../../jobs/useJob.ts';
import { useI18n } from '../../i18n/index.tsx';
import { migrateToPostgresFields, type MigrateJobResult } from '../../../../core/schemas/migrate-to-postgres.ts';

/** The address as shown: without its password (core never shows it either). */
const shownAddress = (url: string) => url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1@');

/**
 * 服务器设置 › 迁移到 PostgreSQL (SQLite servers): copies the association's data into an empty
 * PostgreSQL database as a job (system.migrateToPostgres), then says what it did and what to do next.
 */
export function MigrateToPostgres({ engine }: { engine: 'sqlite' | 'postgres' }) {
  const { t } = useI18n();
  const { form, formError, submitWith } = useApiForm(migrateToPostgresFields, { target: '' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const { status } = useJob(jobId);
  const running = !!jobId && (!status || status.state === 'running');
  const onSubmit = submitWith(async ({ target }) => {
    setJobId(null);
    setConfirming(target);
  });
  const start = async () => {
    if (!confirming) return;
    const { jobId: id } = await call('system.migrateToPostgres', { target: confirming });
    setConfirming(null);
    setJobId(id);
    form.setValue('target', shownAddress(confirming)); // the password is not left on the screen
  };
  const report = status?.state === 'done' ? (status.result as MigrateJobResult) : null;
  return (
    <Paper variant="outlined" sx={{ p: 2, maxWidth: 720, flexShrink: 0 }} component="section" aria-labelledby="migrate-to-postgres">
      <Stack spacing={1.5}>
        <Typography variant="h6" component="h2" id="migrate-to-postgres">
          {t('serverSettings.migrateTitle')}
        </Typography>
        {engine === 'postgres' ? (
          <Typography color="text.secondary">{t('serverSettings.migrateOnPostgres')}</Typography>
        ) : (
          <>
            <Typography variant="body2">{t('serverSettings.migrateExplain')}</Typography>
            <Typography variant="body2" color="text.secondary">
              {t('serverSettings.migrateSnapshot')}
            </Typography>
            <form onSubmit={onSubmit} noValidate>
              <Stack spacing={1.5}>
                {formError && <Alert severity="error">{formError}</Alert>}
                <TextInput
                  control={form.control}
                  name="target"
                  label={t('serverSettings.migrateTarget')}
                  required
                  helperText={t('serverSettings.migrateTargetHelp')}
                />
                <Stack direction="row">
                  <Button type="submit" variant="outlined" disabled={running || form.formState.isSubmitting}>
                    {t('serverSettings.migrateStart')}
                  </Button>
                </Stack>
              </Stack>
            </form>
            {jobId && status?.state !== 'done' && status?.state !== 'failed' && <JobProgress status={status} />}
            {status?.state === 'failed' && <Alert severity="error">{status.error}</Alert>}
            {report && (
              <Alert severity={report.problems.length ? 'warning' : 'success'}>
                <Stack spacing={1}>
                  <span>
                    {t('serverSettings.migrateCopied', {
                      target: report.target,
                      tables: report.tables.length,
                      rows: report.rows.toLocaleString('zh-CN'),
                      seconds: report.seconds,
                    })}
                  </span>
                  {report.problems.length ? (
                    <span>{t('serverSettings.migrateProblems', { problems: report.problems.join('；') })}</span>
                  ) : (
                    <span>{t('serverSettings.migrateChecked', { entries: report.auditEntries })}</span>
                  )}
                  <span>
                    {t('serverSettings.migrateNext')} <Code>{`npm run serve -- --data-dir <数据文件夹> --database ${report.target}`}</Code>
                  </span>
                  <span>{t('serverSettings.migrateNextDoc')}</span>
                </Stack>
              </Alert>
            )}
          </>
        )}
      </Stack>
      <ConfirmDialog
        open={confirming !== null}
        title={t('serverSettings.migrateConfirmTitle')}
        confirmLabel={t('serverSettings.migrateConfirm')}
        onClose={() => setConfirming(null)}
        onConfirm={start}
      >
        <Typography>{t('serverSettings.migrateConfirmText', { target: shownAddress(confirming ?? '') })}</Typography>
      </ConfirmDialog>
    </Paper>
  );
}
