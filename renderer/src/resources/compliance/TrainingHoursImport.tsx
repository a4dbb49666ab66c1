import { useMemo, useState } from 'react';
import { Alert, Button } from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { call } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { HoursImportDialog, type ImportKind } from './HoursImportDialog.tsx';
import type { HoursImportSummary } from '../../../../core/excel/training-hours-import.ts';

/** 导入历史学时: the button and the import dialog, with the training-hours import's operations and wording. */
export function TrainingHoursImportButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const kind = useMemo<ImportKind<HoursImportSummary>>(() => {
    const n = (v: number) => v.toLocaleString('zh-CN');
    return {
      title: t('hoursImport.title'),
      intro: t('hoursImport.intro'),
      template: () => call('training.hoursTemplate', {}),
      preview: (f) => call('training.importPreview', { fileName: f.name, base64: f.base64 }),
      commit: (f, onlyValidRows) => call('training.importCommit', { fileName: f.name, base64: f.base64, onlyValidRows }),
      describe: (s, done) =>
        done
          ? s.blocked
            ? { severity: 'warning', text: t('hoursImport.blocked', { refused: n(s.counts.refused) }) }
            : { severity: 'success', text: t('hoursImport.done', { written: n(s.written), duplicate: n(s.counts.duplicate), refused: n(s.counts.refused) }) }
          : { severity: s.counts.refused ? 'warning' : 'info', text: t('hoursImport.previewSummary', { rows: n(s.rows), new: n(s.counts.new), duplicate: n(s.counts.duplicate), refused: n(s.counts.refused) }) },
      writable: (s) => s.counts.new,
      details: (s, done) => (
        <>
          {!done && s.previousImports.length > 0 && (
            <Alert severity="info">{t('hoursImport.previously', { times: s.previousImports.map((p) => `${p.importedAt.slice(0, 10)}（${p.importedBy}，${n(p.rowCount)} 行）`).join('、') })}</Alert>
          )}
          {s.duplicates.length > 0 && <Alert severity="info">{t('hoursImport.duplicates', { rows: s.duplicates.slice(0, 20).map((d) => t('import.rowNumber', { n: d.rowNumber })).join('、'), reason: s.duplicates[0]!.reason })}</Alert>}
        </>
      ),
      onlyValidLabel: (s) => (s.counts.refused > 0 && s.counts.new > 0 ? t('hoursImport.onlyValid', { new: n(s.counts.new), refused: n(s.counts.refused) }) : null),
    };
  }, [t]);
  return (
    <>
      <Button variant="outlined" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        {t('hoursImport.open')}
      </Button>
      <HoursImportDialog open={open} onClose={() => setOpen(false)} kind={kind} />
    </>
  );
}
