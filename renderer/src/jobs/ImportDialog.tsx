import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Stack, Tab, Tabs, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { call } from '../api/client.ts';
import { useDataVersion } from '../api/dataVersion.tsx';
import { useI18n, type MessageKey, type Translate } from '../i18n/index.tsx';
import type { ImportChoices as MappingChoices, ImportPreview, RowOutcome } from '../../../core/excel/import-mapping.ts';
import { downloadJobFile, useJob } from './useJob.ts';
import { WorkbookPicker } from './WorkbookPicker.tsx';
import { JobProgress } from './JobProgress.tsx';
import { ImportMapping } from './ImportMapping.tsx';
import { ImportPreviewRows } from './ImportPreviewRows.tsx';

/** What the user chose in the preview; passed to both the preview and the commit (each kind takes those that apply). */
export interface ImportChoices {
  clearBlank: boolean;
  createOrganizations: boolean;
  /** 只导入无误的行: for kinds that import all or nothing; the commit only. */
  onlyValidRows: boolean;
  overrides: Record<string, string | null>;
}

/** The shared preview (core/excel/import-mapping.ts) with what some kinds add. */
export type ImportSummary = ImportPreview<string, MappingChoices> & {
  /** The registry: organisations the file names that do not exist. */
  newOrganizations?: { name: string; rows: number }[];
  /** The registry: the log's head the preview saw; the commit reports records changed after it instead of overwriting them. */
  previewMark?: number;
};

/**
 * An import kind's operations and wording: the dialog works for any kind whose preview has the
 * shared shape. Each operation returns the id of the job it started.
 */
export interface ImportKind<S extends ImportSummary = ImportSummary> {
  titleKey: MessageKey;
  introKey: MessageKey;
  /** The summary line above the preview and after the commit (with rows and the count of each outcome). */
  previewSummaryKey: MessageKey;
  doneKey: MessageKey;
  /** 用空白单元格清空原有内容 applies (a kind that updates stored records). */
  clearBlank?: boolean;
  /** The kind imports all or nothing, unless the user ticks 只导入无误的行. */
  onlyValidRows?: boolean;
  /** The outcomes the kind's rows can have, each with its name (default: all five, e.g. 更新). */
  outcomeKeys?: Partial<Record<RowOutcome, MessageKey>>;
  /** Something particular to the kind worth saying above the rows (e.g. the file was imported before). */
  notice?(summary: S, t: Translate): string | null;
  preview(file: { fileName: string; base64: string }, choices: ImportChoices): Promise<string>;
  /** `preview`: the summary the user saw (the commit checks nothing changed under it since). */
  commit(file: { fileName: string; base64: string }, choices: ImportChoices, preview: S | null): Promise<string>;
  template?(): Promise<string>;
}

export const REGISTRY_IMPORT: ImportKind = {
  titleKey: 'import.title',
  introKey: 'import.intro',
  previewSummaryKey: 'import.previewSummary',
  doneKey: 'import.done',
  clearBlank: true,
  preview: async (file, { clearBlank, createOrganizations, overrides }) =>
    (await call('registry.importPreview', { ...file, clearBlank, createOrganizations, overrides })).jobId,
  commit: async (file, { clearBlank, createOrganizations, overrides }, preview) =>
    (await call('registry.importCommit', { ...file, clearBlank, createOrganizations, overrides, previewMark: preview?.previewMark })).jobId,
  template: async () => (await call('registry.template', {})).jobId,
};

type Step = 'choose' | 'previewing' | 'preview' | 'committing' | 'done';
const NO_CHOICES: ImportChoices = { clearBlank: false, createOrganizations: false, onlyValidRows: false, overrides: {} };

/**
 * 导入 Excel: choose a file; see every column and what it maps to (map or ignore the unknown ones),
 * and every row with what will happen to it; make the kind's choices (blank cells clear, missing
 * organisations are created, only the valid rows are imported); then commit. Any change of a choice
 * the preview depends on previews again.
 */
export function ImportDialog<S extends ImportSummary>({ open, onClose, kind = REGISTRY_IMPORT }: { open: boolean; onClose(): void; kind?: ImportKind<S> }) {
  const { t } = useI18n();
  const { bump } = useDataVersion();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [tab, setTab] = useState<'mapping' | 'preview'>('preview');
  const [choices, setChoices] = useState<ImportChoices>(NO_CHOICES);
  const [jobId, setJobId] = useState<string | null>(null);
  const [previewJob, setPreviewJob] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const { status, cancel } = useJob(jobId);
  const summary = (status?.state === 'done' ? status.result : null) as ImportSummary | null;

  useEffect(() => {
    if (!open) {
      setFile(null);
      setStep('choose');
      setJobId(null);
      setPreview(null);
      setChoices(NO_CHOICES);
      setError(null);
      setSavedTo(null);
    }
  }, [open]);
  useEffect(() => {
    if (!status || status.state === 'running') return;
    if (status.state === 'failed' || status.state === 'cancelled') {
      setError(status.state === 'failed' ? status.error : status.phase);
      setStep(preview ? 'preview' : 'choose');
      return;
    }
    if (step === 'previewing') {
      const result = status.result as ImportSummary;
      setPreview(result);
      // A file with columns the app does not know opens on the mapping step.
      if (!preview) setTab(result.columns.some((c) => c.source === 'none' && c.heading) ? 'mapping' : 'preview');
      setStep('preview');
    }
    if (step === 'committing') {
      setStep('done');
      bump();
    }
  }, [status, step, bump, preview]);

  const runPreview = useCallback(
    async (picked: { name: string; base64: string }, next: ImportChoices) => {
      setError(null);
      setSavedTo(null);
      try {
        const id = await kind.preview({ fileName: picked.name, base64: picked.base64 }, next);
        setPreviewJob(id);
        setJobId(id);
        setStep('previewing');
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [kind],
  );
  const choose = (next: ImportChoices) => {
    setChoices(next);
    if (file) void runPreview(file, next);
  };
  const commit = async () => {
    if (!file) return;
    setError(null);
    try {
      setJobId(await kind.commit({ fileName: file.name, base64: file.base64 }, choices, preview as S | null));
      setStep('committing');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  /** Saves a job's file; the desktop app says where it went. */
  const save = (id: string) => {
    setSavedTo(null);
    downloadJobFile(id).then(setSavedTo, (e: Error) => setError(e.message));
  };
  const template = async () => {
    const id = await kind.template!();
    for (let i = 0; i < 40; i++) {
      if ((await call('jobs.status', { id })).state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    save(id);
  };

  const busy = step === 'previewing' || step === 'committing';
  const n = (v: number) => v.toLocaleString('zh-CN');
  const shown = step === 'done' ? summary : preview;
  const writes = preview ? preview.counts.created + preview.counts.updated : 0;
  // All or nothing: with refused rows, the commit needs the explicit 只导入无误的行.
  const blockedByRefused = !!kind.onlyValidRows && !!preview && preview.counts.refused > 0 && !choices.onlyValidRows;
  const notice = preview && step !== 'done' && kind.notice ? kind.notice(preview as S, t) : null;
  const newOrgs = preview?.newOrganizations ?? [];
  const orgNames = newOrgs.map((o) => o.name).join('、');
  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} fullWidth maxWidth="lg" aria-labelledby="import-title">
      <DialogTitle id="import-title">{t(kind.titleKey)}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={1.5}>
          <Typography variant="body2">{t(kind.introKey)}</Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            {kind.template && (
              <Button startIcon={<DownloadIcon />} onClick={() => template().catch((e: Error) => setError(e.message))}>
                {t('import.template')}
              </Button>
            )}
            <WorkbookPicker
              label={t('import.chooseFile')}
              disabled={busy}
              onPicked={(picked) => {
                setFile(picked);
                setPreview(null);
                setChoices(NO_CHOICES);
                void runPreview(picked, NO_CHOICES);
              }}
            />
            {file && <Typography variant="body2">{file.name}</Typography>}
          </Stack>
          {error && <Alert severity="error">{error}</Alert>}
          {savedTo && <Alert severity="success">{t('jobs.savedTo', { path: savedTo })}</Alert>}
          {busy && <JobProgress status={status} onCancel={() => void cancel()} />}
          {shown && (
            <Alert severity={step === 'done' ? (shown.blocked ? 'warning' : 'success') : shown.counts.refused ? 'warning' : 'info'}>
              {t(step === 'done' ? (shown.blocked ? 'import.blocked' : kind.doneKey) : kind.previewSummaryKey, {
                rows: n(shown.rows),
                created: n(shown.counts.created),
                updated: n(shown.counts.updated),
                unchanged: n(shown.counts.unchanged),
                refused: n(shown.counts.refused),
                skipped: n(shown.counts.skipped),
              })}
            </Alert>
          )}
          {preview && step !== 'done' && (
            <>
              <Tabs value={tab} onChange={(_e, v: 'mapping' | 'preview') => setTab(v)} aria-label={t('import.steps')}>
                <Tab value="mapping" label={t('import.stepMapping')} />
                <Tab value="preview" label={t('import.stepPreview')} />
              </Tabs>
              {tab === 'mapping' && (
                <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
                  <ImportMapping
                    columns={preview.columns}
                    fields={preview.fields}
                    disabled={busy}
                    onChange={(index, field) => choose({ ...choices, overrides: { ...choices.overrides, [String(index)]: field } })}
                  />
                  <Button variant="outlined" disabled={busy} onClick={() => setTab('preview')}>
                    {t('import.toPreview')}
                  </Button>
                </Stack>
              )}
              {tab === 'preview' && (
                <Stack spacing={1}>
                  {notice && <Alert severity="info">{notice}</Alert>}
                  <Box>
                    {kind.clearBlank && (
                      <>
                        <FormControlLabel
                          control={
                            <Checkbox checked={choices.clearBlank} disabled={busy} onChange={(e) => choose({ ...choices, clearBlank: e.target.checked })} />
                          }
                          label={t('import.clearBlank')}
                        />
                        <Typography variant="caption" color="text.secondary" component="div" sx={{ ml: 4, mt: -0.5 }}>
                          {t('import.clearBlankHelp')}
                        </Typography>
                      </>
                    )}
                    {kind.onlyValidRows && preview.counts.refused > 0 && writes > 0 && (
                      // The preview does not depend on it: no new preview.
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={choices.onlyValidRows}
                            disabled={busy}
                            onChange={(e) => setChoices({ ...choices, onlyValidRows: e.target.checked })}
                          />
                        }
                        label={t('import.onlyValidRows', { n: n(writes), refused: n(preview.counts.refused) })}
                      />
                    )}
                    {newOrgs.length > 0 && (
                      <FormControlLabel
                        control={
                          <Checkbox
                            checked={choices.createOrganizations}
                            disabled={busy}
                            onChange={(e) => choose({ ...choices, createOrganizations: e.target.checked })}
                          />
                        }
                        label={t('import.createOrganizations', { n: n(newOrgs.length) })}
                      />
                    )}
                  </Box>
                  {newOrgs.length > 0 && (
                    <Alert severity={choices.createOrganizations ? 'info' : 'warning'}>
                      {t(choices.createOrganizations ? 'import.newOrganizations' : 'import.missingOrganizations', { n: n(newOrgs.length), names: orgNames })}
                    </Alert>
                  )}
                  <ImportPreviewRows summary={preview} {...(kind.outcomeKeys ? { outcomeKeys: kind.outcomeKeys } : {})} />
                  {previewJob && preview.reportFile && (
                    <Box>
                      <Button size="small" startIcon={<DownloadIcon />} onClick={() => save(previewJob)}>
                        {t('import.downloadReport')}
                      </Button>
                    </Box>
                  )}
                </Stack>
              )}
            </>
          )}
          {step === 'done' && summary && summary.counts.refused > 0 && jobId && (
            <Box>
              <Button size="small" startIcon={<DownloadIcon />} onClick={() => save(jobId)}>
                {t('import.downloadRefused')}
              </Button>
            </Box>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          {t(step === 'done' ? 'common.close' : 'common.cancel')}
        </Button>
        {step !== 'done' && (
          <Button variant="contained" disabled={!preview || busy || writes === 0 || blockedByRefused} onClick={() => void commit()}>
            {t('import.commit', { n: n(writes) })}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
