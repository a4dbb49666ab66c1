import { useCallback, useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { call, type Output } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { useI18n } from '../../i18n/index.tsx';
import { sessionTimeoutFields } from '../../../../core/schemas/online-users.ts';
import { showTime } from '../../api/clock.tsx';

type Online = Output<'online.list'>;
type Row = Online['rows'][number];

/** China time, minutes (2026-11-24 16:15). */

/** The browser's name and platform from its user agent, as a person would say it. */
function browserOf(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : userAgent.slice(0, 30);
  const platform = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /Linux/.test(userAgent)
          ? 'Linux'
          : '';
  return platform ? `${browser} · ${platform}` : browser;
}

/** 用户 → 在线用户 (administrators): who is signed in, from where, since when; end a session. */
export function OnlineUsers() {
  const { t, label } = useI18n();
  const [online, setOnline] = useState<Online | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<Row | null>(null);
  const [editing, setEditing] = useState(false);
  const load = useCallback(() => {
    call('online.list', {}).then(
      (result) => (setOnline(result), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(load, [load]);
  const source = (s: string) => (s === 'local' ? t('online.local') : s);
  return (
    <Stack spacing={1.5} sx={{ minHeight: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography color="text.secondary" sx={{ flex: 1 }}>
          {online && t('online.timeouts', { idle: online.timeouts.idleMinutes, absolute: online.timeouts.absoluteHours })}
        </Typography>
        <Button onClick={() => setEditing(true)} disabled={!online}>
          {t('online.editTimeouts')}
        </Button>
        <Button startIcon={<RefreshIcon />} onClick={load}>
          {t('online.refresh')}
        </Button>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      <TableContainer component={Paper} variant="outlined" sx={{ overflow: 'auto' }}>
        <Table size="small" aria-label={t('online.tab')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('online.user')}</TableCell>
              <TableCell>{t('online.role')}</TableCell>
              <TableCell>{t('online.source')}</TableCell>
              <TableCell>{t('online.browser')}</TableCell>
              <TableCell>{t('online.since')}</TableCell>
              <TableCell>{t('online.lastSeen')}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {online?.rows.map((row) => (
              <TableRow key={row.id}>
                <TableCell>
                  {row.displayName}（{row.username}）
                </TableCell>
                <TableCell>{label('role', row.role)}</TableCell>
                <TableCell>{source(row.source)}</TableCell>
                <TableCell>{browserOf(row.userAgent)}</TableCell>
                <TableCell>{showTime(row.createdAt)}</TableCell>
                <TableCell>{showTime(row.lastSeenAt)}</TableCell>
                <TableCell align="right">
                  {row.current ? (
                    <Chip size="small" label={t('online.current')} />
                  ) : (
                    <Button size="small" color="error" onClick={() => setEnding(row)} aria-label={`${t('online.end')}：${row.displayName}`}>
                      {t('online.end')}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
            {online && online.rows.every((r) => r.current) && (
              <TableRow>
                <TableCell colSpan={7}>
                  <Typography color="text.secondary">{t('online.empty')}</Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={!!ending}
        title={ending ? t('online.endTitle', { name: ending.displayName }) : ''}
        confirmLabel={t('online.end')}
        danger
        onClose={() => setEnding(null)}
        onConfirm={async () => {
          await call('online.endSession', { id: ending!.id });
          setEnding(null);
          load();
        }}
      >
        {ending && <Typography>{t('online.endBody', { name: ending.displayName, source: source(ending.source) })}</Typography>}
      </ConfirmDialog>
      {editing && online && (
        <EditTimeouts
          timeouts={online.timeouts}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            load();
          }}
        />
      )}
    </Stack>
  );
}

function EditTimeouts({ timeouts, onClose, onSaved }: { timeouts: Online['timeouts']; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { form, formError, submitWith } = useApiForm(sessionTimeoutFields, timeouts);
  const submit = submitWith(async (values) => {
    await call('online.setTimeouts', values);
    onSaved();
  });
  return (
    <FormDialog
      open
      title={t('online.editTimeouts')}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.formState.isSubmitting}
      error={formError}
      hasFieldErrors={Object.keys(form.formState.errors).length > 0}
      maxWidth="xs"
    >
      <TextInput control={form.control} name="idleMinutes" label={t('online.idleMinutes')} required numeric autoFocus />
      <TextInput control={form.control} name="absoluteHours" label={t('online.absoluteHours')} required numeric />
    </FormDialog>
  );
}
