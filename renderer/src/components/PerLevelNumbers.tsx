import { useEffect, useState } from 'react';
import { Alert, Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { useCall } from '../api/useCall.ts';

/**
 * One number per supervisor level in a small form of its own (规则设置: the towns' default quota,
 * the 督导对象 limits). `stored` is the saved value per level id; `blankForNone` shows a level
 * without one as empty (no limit) rather than 0. `onSave` saves and answers the message to show.
 */
export function PerLevelNumbers({
  title,
  intro,
  saveLabel,
  stored,
  blankForNone = false,
  onSave,
}: {
  title: string;
  intro: string;
  saveLabel: string;
  stored: Readonly<Record<string, number>> | undefined;
  blankForNone?: boolean;
  onSave: (values: { levelId: number; value: number }[]) => Promise<string>;
}) {
  const { data: levels } = useCall('supervisors.levels', {});
  const [values, setValues] = useState<Record<number, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (levels && stored)
      setValues(Object.fromEntries(levels.map((l) => [l.id, stored[String(l.id)] ? String(stored[String(l.id)]) : blankForNone ? '' : '0'])));
  }, [levels, stored, blankForNone]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      setMessage({ ok: true, text: await onSave((levels ?? []).map((l) => ({ levelId: l.id, value: Number(values[l.id] || 0) }))) });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, maxWidth: 640 }}>
      <form onSubmit={save} noValidate aria-label={title}>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {intro}
          </Typography>
          {message && <Alert severity={message.ok ? 'success' : 'error'}>{message.text}</Alert>}
          <Stack direction="row" spacing={2}>
            {(levels ?? []).map((l) => (
              <TextField
                key={l.id}
                size="small"
                label={l.name}
                value={values[l.id] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [l.id]: e.target.value }))}
                slotProps={{ htmlInput: { inputMode: 'numeric' } }}
              />
            ))}
          </Stack>
          <Button type="submit" variant="contained" sx={{ alignSelf: 'flex-start' }}>
            {saveLabel}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
