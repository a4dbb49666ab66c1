import { useState } from 'react';
import { Button, Menu, MenuItem } from '@mui/material';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { call } from '../api/client.ts';
import { FormDialog } from '../components/FormDialog.tsx';
import { TextInput } from '../components/fields.tsx';
import { useApiForm } from '../components/useApiForm.ts';
import { useI18n } from '../i18n/index.tsx';
import { changePasswordFields } from '../../../core/schemas/users.ts';
import { useAuth } from './AuthProvider.tsx';

/** Who is signed in, change own password, log out. */
export function UserMenu() {
  const { t, label } = useI18n();
  const { user, signOut } = useAuth();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [changing, setChanging] = useState(false);
  return (
    <>
      <Button color="inherit" startIcon={<AccountCircleIcon />} sx={{ textTransform: 'none' }} onClick={(e) => setAnchor(e.currentTarget)}>
        {user.name}（{label('role', user.role)}）
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setChanging(true);
          }}
        >
          {t('auth.changePassword')}
        </MenuItem>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            void signOut();
          }}
        >
          {t('auth.logout')}
        </MenuItem>
      </Menu>
      {changing && <ChangePasswordDialog onClose={() => setChanging(false)} />}
    </>
  );
}

function ChangePasswordDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { form, formError, submitWith } = useApiForm(changePasswordFields, { currentPassword: '', newPassword: '' });
  const submit = submitWith(async (values) => {
    await call('auth.changePassword', values);
    onClose();
  });
  return (
    <FormDialog
      open
      title={t('auth.changePassword')}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.formState.isSubmitting}
      error={formError}
      hasFieldErrors={Object.keys(form.formState.errors).length > 0}
      maxWidth="xs"
    >
      <TextInput
        control={form.control}
        name="currentPassword"
        label={t('auth.currentPassword')}
        required
        autoFocus
        slotProps={{ htmlInput: { type: 'password' } }}
      />
      <TextInput
        control={form.control}
        name="newPassword"
        label={t('auth.newPassword')}
        required
        helperText={t('auth.passwordHelp')}
        slotProps={{ htmlInput: { type: 'password' } }}
      />
    </FormDialog>
  );
}
