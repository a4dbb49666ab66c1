import type { ReactNode } from 'react';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { z } from 'zod';
import { call, type Output } from '../api/client.ts';
import { useApiForm } from '../components/useApiForm.ts';
import { TextInput } from '../components/fields.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loginFields, passwordNotUsername, setupShape } from '../../../core/schemas/users.ts';

function Card({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100' }}>
      <Paper variant="outlined" sx={{ p: 4, width: 420 }}>
        <Typography variant="h6" color="text.secondary" gutterBottom>
          {t('app.title')}
        </Typography>
        <Typography variant="h5" component="h1" sx={{ fontWeight: 600, mb: 1 }}>
          {title}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {intro}
        </Typography>
        {children}
      </Paper>
    </Box>
  );
}

const setupForm = setupShape
  .extend({ confirm: z.string() })
  .superRefine(passwordNotUsername('密码'))
  .refine((v) => v.password === v.confirm, { message: '两次输入的密码不一致', path: ['confirm'] });

/** A sign-in's answer: the session (none in cookie mode: the server set it) and, from a current server, the new session's status. */
export type SignedIn = Pick<Output<'auth.login'>, 'token'> & { status?: Output<'auth.status'> };

export function SetupScreen({ onDone }: { onDone(answer: SignedIn): void }) {
  const { t } = useI18n();
  const { form, formError, submitWith } = useApiForm(setupForm, { username: 'admin', displayName: '', password: '', confirm: '' });
  const submit = submitWith(async ({ confirm: _confirm, ...values }) => onDone(await call('auth.setup', values)));
  return (
    <Card title={t('auth.setupTitle')} intro={t('auth.setupIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack spacing={2}>
          {formError && <Alert severity="error">{formError}</Alert>}
          <TextInput control={form.control} name="username" label={t('user.username')} required />
          <TextInput control={form.control} name="displayName" label={t('user.displayName')} required autoFocus />
          <TextInput
            control={form.control}
            name="password"
            label={t('auth.password')}
            required
            helperText={t('auth.passwordHelp')}
            slotProps={{ htmlInput: { type: 'password' } }}
          />
          <TextInput control={form.control} name="confirm" label={t('auth.confirmPassword')} required slotProps={{ htmlInput: { type: 'password' } }} />
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t('auth.createAdmin')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function LoginScreen({ onDone }: { onDone(answer: SignedIn): void }) {
  const { t } = useI18n();
  const { form, formError, submitWith } = useApiForm(loginFields, { username: '', password: '' });
  const submit = submitWith(async (values) => onDone(await call('auth.login', values)));
  return (
    <Card title={t('auth.loginTitle')} intro={t('auth.loginIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack spacing={2}>
          {formError && <Alert severity="error">{formError}</Alert>}
          <TextInput control={form.control} name="username" label={t('user.username')} required autoFocus />
          <TextInput control={form.control} name="password" label={t('auth.password')} required slotProps={{ htmlInput: { type: 'password' } }} />
          <Button type="submit" variant="contained" disabled={form.formState.isSubmitting}>
            {t('auth.login')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
