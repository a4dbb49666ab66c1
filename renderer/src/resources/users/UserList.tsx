import { useMemo, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Tab, Tabs } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridColDef } from '@mui/x-data-grid';
import { call, type Output } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { ServerDataGrid } from '../../components/ServerDataGrid.tsx';
import { FormDialog } from '../../components/FormDialog.tsx';
import { SelectInput, TextInput } from '../../components/fields.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { BaseMultiInput } from '../bases/BasePicker.tsx';
import { PasswordDialog } from '../../auth/PasswordDialog.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { resetPasswordFields, userFields, userUpdate } from '../../../../core/schemas/users.ts';
import { ROLES } from '../../../../core/permissions.ts';
import { showTime } from '../../api/clock.tsx';
import { OnlineUsers } from './OnlineUsers.tsx';

type User = Output<'users.list'>['rows'][number];

/** 系统 → 用户: accounts, roles, password resets, deactivation (never deletion); and who is signed in now (在线用户). */
export function UserList() {
  const { t, label } = useI18n();
  const [tab, setTab] = useState<'accounts' | 'online'>('accounts');
  const [refreshKey, setRefreshKey] = useState(0);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const reload = () => setRefreshKey((k) => k + 1);
  const columns = useMemo<GridColDef<User>[]>(
    () => [
      { field: 'username', headerName: t('user.username'), width: 140 },
      { field: 'displayName', headerName: t('user.displayName'), width: 140 },
      { field: 'role', headerName: t('user.role'), width: 120, valueFormatter: (v: string) => label('role', v) },
      { field: 'bases', headerName: t('user.bases'), width: 200, sortable: false, valueGetter: (_v, row) => row.bases.map((b) => b.name).join('、') },
      {
        field: 'active',
        headerName: t('user.status'),
        width: 100,
        sortable: false,
        valueFormatter: (v: boolean) => (v ? t('user.active') : t('user.inactive')),
      },
      {
        field: 'lockedUntil',
        headerName: t('user.lockedUntil'),
        width: 170,
        sortable: false,
        valueFormatter: (v: string | null) => (isLocked(v) ? chinaTime(v!) : ''),
      },
      {
        field: 'lastLoginAt',
        headerName: t('user.lastLoginAt'),
        flex: 1,
        minWidth: 160,
        valueFormatter: (v: string | null) => (v ? showTime(v) : '—'),
      },
    ],
    [t, label],
  );
  return (
    <Page
      title={t('user.title')}
      actions={
        tab === 'accounts' && (
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)}>
            {t('user.create')}
          </Button>
        )
      }
      filters={
        <Tabs value={tab} onChange={(_e, v: 'accounts' | 'online') => setTab(v)} aria-label={t('user.title')}>
          <Tab value="accounts" label={t('online.tabAccounts')} />
          <Tab value="online" label={t('online.tab')} />
        </Tabs>
      }
    >
      {tab === 'online' ? (
        <OnlineUsers />
      ) : (
        <ServerDataGrid
          ariaLabel={t('user.title')}
          operation="users.list"
          columns={columns}
          query={{}}
          emptyText={t('user.empty')}
          refreshKey={refreshKey}
          onRowClick={setEditing}
        />
      )}
      {creating && (
        <CreateUser
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            reload();
          }}
        />
      )}
      {editing && (
        <EditUser
          user={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      )}
    </Page>
  );
}

/** A lock that has run out is no lock: only one still ahead is shown and offered for 解除锁定. */
const isLocked = (lockedUntil: string | null) => lockedUntil !== null && lockedUntil > new Date().toISOString();
/** China time, as the login screen says it (锁定至 2026-11-24 16:15). */
const chinaTime = (iso: string) => showTime(iso);

function useRoleOptions() {
  const { label } = useI18n();
  return ROLES.map((r) => ({ value: r, label: label('role', r) }));
}

function CreateUser({ onClose, onSaved }: { onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const roles = useRoleOptions();
  const { form, formError, submitWith } = useApiForm(userFields, { username: '', displayName: '', role: 'staff', password: '', baseIds: [] });
  const submit = submitWith(async (values) => {
    await call('users.create', { ...values, baseIds: values.role === 'coordinator' ? values.baseIds : [] });
    onSaved();
  });
  return (
    <FormDialog
      open
      title={t('user.create')}
      onClose={onClose}
      onSubmit={submit}
      submitting={form.formState.isSubmitting}
      error={formError}
      hasFieldErrors={Object.keys(form.formState.errors).length > 0}
    >
      <TextInput control={form.control} name="username" label={t('user.username')} required autoFocus />
      <TextInput control={form.control} name="displayName" label={t('user.displayName')} required />
      <SelectInput control={form.control} name="role" label={t('user.role')} required options={roles} />
      {form.watch('role') === 'coordinator' && (
        <BaseMultiInput control={form.control} name="baseIds" label={t('user.bases')} initial={[]} helperText={t('user.basesHelp')} />
      )}
      <TextInput
        control={form.control}
        name="password"
        label={t('user.initialPassword')}
        required
        helperText={t('auth.passwordHelp')}
        slotProps={{ htmlInput: { type: 'password' } }}
      />
    </FormDialog>
  );
}

function EditUser({ user, onClose, onSaved }: { user: User; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const roles = useRoleOptions();
  const { form, formError, setFormError, submitWith, version } = useApiForm(userUpdate, {
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    baseIds: user.baseIds,
  });
  const [resetting, setResetting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const submit = submitWith(async (values) => {
    // The version the list showed, or the newer one a refused save named.
    await call('users.update', { ...values, version: version() ?? user.version, baseIds: values.role === 'coordinator' ? values.baseIds : [] });
    onSaved();
  });
  const unlock = async () => {
    try {
      await call('users.unlock', { id: user.id });
      onSaved();
    } catch (e) {
      setFormError((e as Error).message);
    }
  };
  const toggleActive = async () => {
    setConfirming(false);
    try {
      await call('users.setActive', { id: user.id, version: user.version, active: !user.active });
      onSaved();
    } catch (e) {
      setFormError((e as Error).message);
    }
  };
  return (
    <>
      <FormDialog
        open
        title={t('user.edit', { name: user.displayName })}
        onClose={onClose}
        onSubmit={submit}
        submitting={form.formState.isSubmitting}
        error={formError}
        hasFieldErrors={Object.keys(form.formState.errors).length > 0}
      >
        <TextInput control={form.control} name="displayName" label={t('user.displayName')} required autoFocus />
        <SelectInput control={form.control} name="role" label={t('user.role')} required options={roles} />
        {form.watch('role') === 'coordinator' && (
          <BaseMultiInput control={form.control} name="baseIds" label={t('user.bases')} initial={user.bases} helperText={t('user.basesHelp')} />
        )}
        {isLocked(user.lockedUntil) && <Alert severity="warning">{t('user.lockedHint', { until: chinaTime(user.lockedUntil!) })}</Alert>}
        <Stack direction="row" spacing={1}>
          {isLocked(user.lockedUntil) && (
            <Button variant="outlined" color="warning" onClick={() => void unlock()}>
              {t('user.unlock')}
            </Button>
          )}
          <Button variant="outlined" onClick={() => setResetting(true)}>
            {t('user.resetPassword')}
          </Button>
          <Button variant="outlined" color={user.active ? 'error' : 'primary'} onClick={() => setConfirming(true)}>
            {user.active ? t('user.deactivate') : t('user.activate')}
          </Button>
        </Stack>
      </FormDialog>
      {resetting && (
        <PasswordDialog
          title={t('user.resetPasswordOf', { name: user.displayName })}
          schema={resetPasswordFields}
          defaults={{ id: user.id, password: '' }}
          fields={[{ name: 'password', label: t('auth.newPassword'), isNew: true }]}
          save={async (values) => {
            await call('users.resetPassword', values);
            onSaved();
          }}
          onClose={() => setResetting(false)}
        />
      )}
      <Dialog open={confirming} onClose={() => setConfirming(false)}>
        <DialogTitle>
          {user.active
            ? t('user.deactivateConfirm', { name: `${user.displayName}（${user.username}）` })
            : t('user.activateConfirm', { name: user.displayName })}
        </DialogTitle>
        <DialogContent>
          <Alert severity="info">{t('user.deactivateHint')}</Alert>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
          <Button variant="contained" color={user.active ? 'error' : 'primary'} onClick={() => void toggleActive()}>
            {user.active ? t('user.deactivate') : t('user.activate')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
