import { useEffect, useState } from 'react';
import { Alert, Box, Button, IconButton, Paper, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import { call, type Output } from '../../api/client.ts';
import { useCall } from '../../api/useCall.ts';
import { ChangedElsewhere } from '../../components/ChangedElsewhere.tsx';
import { useHeldRecord } from '../../components/useHeldRecord.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { showDay } from '../../api/clock.tsx';

type Body = Output<'evaluations.template'>['body'];
type Draft = {
  indicators: { name: string; items: { name: string; maxScore: string; description: string }[] }[];
  grades: { excellent: string; good: string; pass: string };
};

const toDraft = (b: Body): Draft => ({
  indicators: b.indicators.map((i) => ({
    name: i.name,
    items: i.items.map((it) => ({ name: it.name, maxScore: String(it.maxScore), description: it.description ?? '' })),
  })),
  grades: { excellent: String(b.grades.excellent), good: String(b.grades.good), pass: String(b.grades.pass) },
});
const num = (v: string) => (v.trim() === '' ? (undefined as unknown as number) : Number(v));
const toBody = (d: Draft) => ({
  indicators: d.indicators.map((i) => ({
    name: i.name,
    items: i.items.map((it) => ({ name: it.name, maxScore: num(it.maxScore), description: it.description || null })),
  })),
  grades: { excellent: num(d.grades.excellent), good: num(d.grades.good), pass: num(d.grades.pass) },
});

/** 评估模板: two levels of indicators with maximum scores and what earns them, and the grade thresholds; every save is a new version. */
export function TemplateEditor() {
  const { t } = useI18n();
  const canEdit = useAuth().can('config.write');
  const loaded = useCall('evaluations.template', {});
  // Once the user has edited, another user's new version shows a banner instead of replacing the draft.
  const [edited, setEdited] = useState(false);
  const record = useHeldRecord(edited, loaded.data);
  const data = record.held;
  const reload = () => (setEdited(false), loaded.reload());
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (data) setDraft(toDraft(data.body));
  }, [data]);
  if (!data || !draft) return null;
  const update = (change: (d: Draft) => void) => {
    const next = structuredClone(draft);
    change(next);
    setDraft(next);
    setEdited(true);
  };
  const total = draft.indicators.flatMap((i) => i.items).reduce((n, it) => n + (Number(it.maxScore) || 0), 0);
  const save = async () => {
    setMessage(null);
    try {
      const { version } = await call('evaluations.saveTemplate', { body: toBody(draft) as never, note: note || null });
      setMessage({ ok: true, text: t('evaluation.templateSaved', { version }) });
      setNote('');
      reload();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, overflow: 'auto' }} aria-label={t('evaluation.templateTab')}>
      <Stack spacing={2}>
        <ChangedElsewhere {...record} />
        <Typography color="text.secondary">
          {t('evaluation.templateInfo', { version: data.version, at: showDay(data.createdAt), by: data.createdBy, total })}
        </Typography>
        {draft.indicators.map((indicator, i) => (
          <Box key={i} sx={{ borderLeft: 3, borderColor: 'primary.light', pl: 2 }}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
              <TextField
                size="small"
                label={t('evaluation.indicator')}
                value={indicator.name}
                disabled={!canEdit}
                onChange={(e) => update((d) => void (d.indicators[i]!.name = e.target.value))}
              />
              {canEdit && (
                <IconButton aria-label={`${t('common.delete')}：${indicator.name}`} onClick={() => update((d) => void d.indicators.splice(i, 1))}>
                  <DeleteIcon />
                </IconButton>
              )}
            </Stack>
            {indicator.items.map((item, k) => (
              <Stack key={k} direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
                <TextField
                  size="small"
                  label={t('evaluation.item')}
                  value={item.name}
                  disabled={!canEdit}
                  onChange={(e) => update((d) => void (d.indicators[i]!.items[k]!.name = e.target.value))}
                  sx={{ width: 200 }}
                />
                <TextField
                  size="small"
                  label={t('evaluation.max')}
                  value={item.maxScore}
                  disabled={!canEdit}
                  onChange={(e) => update((d) => void (d.indicators[i]!.items[k]!.maxScore = e.target.value))}
                  sx={{ width: 80 }}
                />
                <TextField
                  size="small"
                  label={t('evaluation.description')}
                  value={item.description}
                  disabled={!canEdit}
                  onChange={(e) => update((d) => void (d.indicators[i]!.items[k]!.description = e.target.value))}
                  sx={{ flex: 1 }}
                />
                {canEdit && (
                  <IconButton aria-label={`${t('common.delete')}：${item.name}`} onClick={() => update((d) => void d.indicators[i]!.items.splice(k, 1))}>
                    <DeleteIcon fontSize="small" />
                  </IconButton>
                )}
              </Stack>
            ))}
            {canEdit && (
              <Button
                size="small"
                startIcon={<AddIcon />}
                onClick={() => update((d) => void d.indicators[i]!.items.push({ name: '', maxScore: '', description: '' }))}
              >
                {t('evaluation.addItem')}
              </Button>
            )}
          </Box>
        ))}
        {canEdit && (
          <Box>
            <Button
              startIcon={<AddIcon />}
              onClick={() => update((d) => void d.indicators.push({ name: '', items: [{ name: '', maxScore: '', description: '' }] }))}
            >
              {t('evaluation.addIndicator')}
            </Button>
          </Box>
        )}
        <Stack direction="row" spacing={2}>
          {(['excellent', 'good', 'pass'] as const).map((g) => (
            <TextField
              key={g}
              size="small"
              label={t(`evaluation.threshold.${g}`)}
              value={draft.grades[g]}
              disabled={!canEdit}
              onChange={(e) => update((d) => void (d.grades[g] = e.target.value))}
              sx={{ width: 140 }}
            />
          ))}
        </Stack>
        {canEdit && <TextField size="small" label={t('trainingRules.note')} value={note} onChange={(e) => setNote(e.target.value)} />}
        {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
        {canEdit && (
          <Box>
            <Button variant="contained" onClick={() => void save()}>
              {t('trainingRules.save')}
            </Button>
          </Box>
        )}
      </Stack>
    </Paper>
  );
}
