import { useState } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ImportDialog, type ImportKind } from '../../jobs/ImportDialog.tsx';

/**
 * 导入督导记录 through the shared import dialog: the same mapping step and preview as the other
 * imports; all or nothing unless 只导入无误的行 is ticked.
 */
export const SUPERVISION_IMPORT: ImportKind = {
  titleKey: 'supervisionWork.import.title',
  introKey: 'supervisionWork.import.intro',
  previewSummaryKey: 'supervisionWork.import.previewSummary',
  doneKey: 'supervisionWork.import.done',
  onlyValidRows: true,
  // Rows are only added: a record already there is 已导入过, one repeated in the file 文件中重复.
  outcomeKeys: {
    created: 'import.outcomeCreated',
    unchanged: 'supervisionWork.import.outcomeImported',
    refused: 'import.outcomeRefused',
    skipped: 'supervisionWork.import.outcomeRepeated',
  },
  preview: async (file, { overrides }) => (await call('supervision.importPreview', { ...file, overrides })).jobId,
  commit: async (file, { overrides, onlyValidRows }) => (await call('supervision.importCommit', { ...file, overrides, onlyValidRows })).jobId,
  template: async () => (await call('supervision.recordsTemplate', {})).jobId,
};

/** 导入督导记录: the button and the shared import dialog. */
export function SupervisionImportButton({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        {t('supervisionWork.import.open')}
      </Button>
      <ImportDialog
        open={open}
        onClose={() => {
          setOpen(false);
          onDone();
        }}
        kind={SUPERVISION_IMPORT}
      />
    </>
  );
}
