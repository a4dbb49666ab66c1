import { useState } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ImportDialog, type ImportKind } from '../../jobs/ImportDialog.tsx';
import type { HoursImportSummary } from '../../../../core/excel/training-hours-import.ts';
import { showDay } from '../../api/clock.tsx';

/**
 * 导入历史学时 through the shared import dialog: the same mapping step and preview as the registry's;
 * all or nothing unless 只导入无误的行 is ticked.
 */
export const TRAINING_HOURS_IMPORT: ImportKind<HoursImportSummary> = {
  titleKey: 'hoursImport.title',
  introKey: 'hoursImport.intro',
  previewSummaryKey: 'hoursImport.previewSummary',
  doneKey: 'hoursImport.done',
  onlyValidRows: true,
  // Rows are only added: none is updated; a row already in the ledger is 已导入过, one repeated in the file 文件中重复.
  outcomeKeys: {
    created: 'import.outcomeCreated',
    unchanged: 'hoursImport.outcomeImported',
    refused: 'import.outcomeRefused',
    skipped: 'hoursImport.outcomeRepeated',
  },
  notice: (s, t) =>
    s.previousImports.length
      ? t('hoursImport.previously', {
          times: s.previousImports.map((p) => `${showDay(p.importedAt)}（${p.importedBy}，${p.rowCount.toLocaleString('zh-CN')} 行）`).join('、'),
        })
      : null,
  preview: async (file, { overrides }) => (await call('training.importPreview', { ...file, overrides })).jobId,
  commit: async (file, { overrides, onlyValidRows }) => (await call('training.importCommit', { ...file, overrides, onlyValidRows })).jobId,
  template: async () => (await call('training.hoursTemplate', {})).jobId,
};

/** 导入历史学时: the button and the shared import dialog. */
export function TrainingHoursImportButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        {t('hoursImport.open')}
      </Button>
      <ImportDialog open={open} onClose={() => setOpen(false)} kind={TRAINING_HOURS_IMPORT} />
    </>
  );
}
