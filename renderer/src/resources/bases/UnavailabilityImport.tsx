import { useState } from 'react';
import { Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ImportDialog, type ImportKind } from '../../jobs/ImportDialog.tsx';

/** 导入不可用时间 for one base's 导师库, through the shared import dialog (mapping, preview, all or nothing unless 只导入无误的行). */
const unavailabilityImport = (baseId: number): ImportKind => ({
  titleKey: 'unavailabilityImport.title',
  introKey: 'unavailabilityImport.intro',
  previewSummaryKey: 'unavailabilityImport.previewSummary',
  doneKey: 'unavailabilityImport.done',
  onlyValidRows: true,
  outcomeKeys: {
    created: 'import.outcomeCreated',
    unchanged: 'unavailabilityImport.outcomeRecorded',
    refused: 'import.outcomeRefused',
    skipped: 'unavailabilityImport.outcomeRepeated',
  },
  preview: async (file, { overrides }) => (await call('unavailability.importPreview', { ...file, baseId, overrides })).jobId,
  commit: async (file, { overrides, onlyValidRows }) => (await call('unavailability.importCommit', { ...file, baseId, overrides, onlyValidRows })).jobId,
});

export function UnavailabilityImportButton({ baseId, onImported }: { baseId: number; onImported(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        {t('unavailability.import')}
      </Button>
      <ImportDialog
        open={open}
        onClose={() => {
          setOpen(false);
          onImported();
        }}
        kind={unavailabilityImport(baseId)}
      />
    </>
  );
}
