import { useState } from 'react';
import { Button, Menu, MenuItem } from '@mui/material';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import { call } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { changePasswordFields } from '../../../core/schemas/users.ts';
import { useAuth } from './AuthProvider.tsx';
import { PasswordDialog } from './PasswordDialog.tsx';

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
      {changing && (
        <PasswordDialog
          title={t('auth.changePassword')}
          schema={changePasswordFields}
          defaults={{ currentPassword: '', newPassword: '' }}
          fields={[
            { name: 'currentPassword', label: t('auth.currentPassword') },
            { name: 'newPassword', label: t('auth.newPassword'), isNew: true },
          ]}
          save={async (values) => {
            await call('auth.changePassword', values);
            setChanging(false);
          }}
          onClose={() => setChanging(false)}
        />
      )}
    </>
  );
}
