import { Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Alert, AppBar, Box, Button, CircularProgress, Dialog, GlobalStyles, Snackbar, Toolbar, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { useI18n } from '../../i18n/index.tsx';
import { printBridge, printPages } from './printing.ts';

/**
 * The print stylesheet: A4, margins, 第 n 页 / 共 m 页 in the bottom margin (CSS paged media margin
 * boxes, which Chromium prints since 131, so browser print, Electron's printToPDF and Playwright's
 * page.pdf() number pages alike). Only the print root is printed; every document starts a page.
 */
const PRINT_CSS = `
@page { size: A4; margin: 16mm 16mm 18mm 16mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; color: #555; } }
.sws-print-root { display: none; }
@media print {
  body > *:not(.sws-print-root) { display: none !important; }
  html, body { background: #fff !important; height: auto !important; overflow: visible !important; }
  .sws-print-root { display: block; }
  .sws-print-root .sws-doc { box-shadow: none; margin: 0; padding: 0; width: auto; min-height: 0; }
  .sws-print-root .sws-doc + .sws-doc { break-before: page; }
}
.sws-doc { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", "Songti SC", "Microsoft YaHei", serif; color: #000; font-size: 11pt; line-height: 1.6; }
.sws-doc h1 { font-size: 20pt; text-align: center; margin: 0 0 6mm; letter-spacing: 2pt; }
.sws-doc table { width: 100%; border-collapse: collapse; }
.sws-doc th, .sws-doc td { border: 0.6pt solid #000; padding: 1.5mm 2mm; font-size: 10pt; text-align: left; vertical-align: top; }
.sws-doc thead { display: table-header-group; }
.sws-doc tr { break-inside: avoid; }
.sws-doc .num { text-align: right; white-space: nowrap; }
.sws-doc .mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 9pt; white-space: nowrap; }
`;

/** Mounts when everything beside it in the Suspense boundary has loaded (the QR images): then printing may start. */
function Ready({ onReady }: { onReady(): void }) {
  useEffect(onReady, [onReady]);
  return null;
}

/**
 * 打印预览: the documents on screen as A4 sheets, and the same documents in the print root that the
 * print stylesheet alone prints. 打印 (and, in the desktop app, 保存为 PDF) once the QR codes are drawn.
 */
export function PrintPreview({
  open,
  title,
  fileName,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  fileName: string;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  const [message, setMessage] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const markReady = useCallback(() => setReady(true), []);
  const desktop = !!printBridge();
  const run = async (mode: 'print' | 'pdf') => {
    const outcome = await printPages(mode, fileName);
    if (outcome.error) setMessage({ severity: 'error', text: outcome.error });
    else if (outcome.saved && outcome.path) setMessage({ severity: 'success', text: t('print.savedTo', { path: outcome.path }) });
  };
  if (!open) return null;
  return (
    <>
      <GlobalStyles styles={PRINT_CSS} />
      <Dialog fullScreen open onClose={onClose} aria-labelledby="print-preview-title">
        <AppBar position="sticky" color="default" elevation={1}>
          <Toolbar sx={{ gap: 1 }}>
            <Typography id="print-preview-title" variant="h6" component="h2" sx={{ flex: 1 }}>
              {title}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ display: { xs: 'none', md: 'block' } }}>
              {t('print.hint')}
            </Typography>
            {desktop && (
              <Button variant="outlined" startIcon={<PictureAsPdfIcon />} disabled={!ready} onClick={() => void run('pdf')}>
                {t('print.savePdf')}
              </Button>
            )}
            <Button variant="contained" startIcon={<PrintIcon />} disabled={!ready} onClick={() => void run('print')}>
              {t('print.print')}
            </Button>
            <Button onClick={onClose}>{t('print.close')}</Button>
          </Toolbar>
        </AppBar>
        <Suspense
          fallback={
            <Box sx={{ p: 4, display: 'flex', gap: 2, alignItems: 'center' }}>
              <CircularProgress size={24} />
              {t('print.preparing')}
            </Box>
          }
        >
          <Box sx={{ bgcolor: 'grey.200', py: 3, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 3, overflow: 'auto' }}>
            {/* On screen: A4 sheets (210 mm less the margins the print adds) */}
            <Box sx={{ '& .sws-doc': { width: '178mm', minHeight: '250mm', bgcolor: '#fff', p: '16mm', boxShadow: 3, mb: 3 } }}>{children}</Box>
          </Box>
          {createPortal(<div className="sws-print-root">{children}</div>, document.body)}
          <Ready onReady={markReady} />
        </Suspense>
        <Snackbar open={!!message} autoHideDuration={8000} onClose={(_e, reason) => reason !== 'clickaway' && setMessage(null)}>
          <Alert severity={message?.severity ?? 'success'} onClose={() => setMessage(null)}>
            {message?.text}
          </Alert>
        </Snackbar>
      </Dialog>
    </>
  );
}
