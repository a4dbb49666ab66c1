import { useEffect, useState } from 'react';
import { Alert, Box, Button, Paper, Snackbar, Stack, TextField, Typography } from '@mui/material';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DOCUMENT_PLACEHOLDERS, fillTemplate, type DocumentTemplateKind } from '../../../../domain/document-template.ts';

type Templates = Output<'documents.templates'>['body'];

/** What the preview fills the placeholders with. */
const SAMPLE: Record<string, string> = {
  姓名: '陈晓明',
  身份证号: '4420**********1234',
  等级: '中级督导',
  镇区: '石岐街道',
  聘任日期: '2026-01-01',
  有效期至: '2027-12-31',
  编号: 'PS2026-000001',
  发文日期: '2026-12-06',
  年度: '2026',
  结论: '有条件通过',
  说明: '说明：统一培训尚缺 1 次。',
  整改期限: '请于 2027-06-30 前完成整改。',
};

/** 文书模板: the wording of 聘书 and 再审核结果通知 with placeholders, previewed as it prints; each save is a new version (administrators). */
export function TemplatesPanel() {
  const { t } = useI18n();
  const { can } = useAuth();
  const editable = can('config.write');
  const { data, reload } = useCall('documents.templates', {});
  const [draft, setDraft] = useState<Templates | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (data) setDraft(data.body);
  }, [data]);
  if (!data || !draft) return null;
  const set = (kind: DocumentTemplateKind, field: keyof Templates['appointment'], value: string) =>
    setDraft({ ...draft, [kind]: { ...draft[kind], [field]: value } });
  const save = async () => {
    setError(null);
    try {
      const { version } = await call('documents.saveTemplates', { body: draft, note: note.trim() || null, basedOn: data.version });
      setSaved(t('templates.saved', { version }));
      setNote('');
      reload();
    } catch (e) {
      setError({ message: (e as Error).message, field: (e as { field?: string }).field });
    }
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography color="text.secondary">
        {t('templates.version', { version: data.version, by: data.createdBy, at: data.createdAt.slice(0, 16).replace('T', ' ') })}
        {editable ? '' : ` ${t('templates.readOnly')}`}
      </Typography>
      {(['appointment', 'recertNotice'] as const).map((kind) => (
        <Stack key={kind} direction={{ xs: 'column', lg: 'row' }} spacing={2}>
          <Box sx={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
            <Typography variant="h6" component="h2">
              {t(`templates.${kind}`)}
            </Typography>
            {(['title', 'body', 'issuer'] as const).map((field) => (
              <TextField
                key={field}
                label={`${t(`templates.${kind}`)} · ${t(`templates.field.${field}`)}`}
                value={draft[kind][field]}
                onChange={(e) => set(kind, field, e.target.value)}
                multiline={field === 'body'}
                minRows={field === 'body' ? 5 : undefined}
                disabled={!editable}
                error={error?.field === `${kind}.${field}` || error?.field === `body.${kind}.${field}`}
                helperText={error?.field === `${kind}.${field}` || error?.field === `body.${kind}.${field}` ? error.message : undefined}
                size="small"
              />
            ))}
            <Typography variant="body2" color="text.secondary">
              {t('templates.placeholders', { list: DOCUMENT_PLACEHOLDERS[kind].map((p) => `{${p}}`).join(' ') })}
            </Typography>
          </Box>
          <Paper variant="outlined" sx={{ flex: 1, p: 2 }} aria-label={`${t(`templates.${kind}`)} ${t('templates.preview')}`}>
            <Typography variant="caption" color="text.secondary">
              {t('templates.preview')}
            </Typography>
            <Typography variant="h6" sx={{ textAlign: 'center' }}>
              {fillTemplate(draft[kind].title, SAMPLE)}
            </Typography>
            {fillTemplate(draft[kind].body, SAMPLE)
              .split(/\n{2,}/)
              .map((p, i) => (
                <Typography key={i} sx={{ mt: 1, whiteSpace: 'pre-line' }}>
                  {p}
                </Typography>
              ))}
            <Typography sx={{ textAlign: 'right', mt: 2 }}>{draft[kind].issuer}</Typography>
          </Paper>
        </Stack>
      ))}
      {editable && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField label={t('templates.note')} value={note} onChange={(e) => setNote(e.target.value)} size="small" sx={{ minWidth: 320 }} />
          <Button variant="contained" onClick={() => void save()}>
            {t('templates.save')}
          </Button>
        </Stack>
      )}
      {error && !error.field && <Alert severity="error">{error.message}</Alert>}
      <Box>
        <Typography variant="subtitle2">{t('templates.history')}</Typography>
        {data.history.map((h) => (
          <Typography key={h.id} variant="body2" color="text.secondary">
            第 {h.version} 版 · {h.createdAt.slice(0, 16).replace('T', ' ')} · {h.createdBy}
            {h.note ? ` · ${h.note}` : ''}
          </Typography>
        ))}
      </Box>
      <Snackbar open={!!saved} autoHideDuration={4000} onClose={() => setSaved(null)}>
        <Alert severity="success">{saved}</Alert>
      </Snackbar>
    </Box>
  );
}
