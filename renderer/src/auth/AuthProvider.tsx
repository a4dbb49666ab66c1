import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Box, CircularProgress } from '@mui/material';
import { call, onSignedOut, setUserSession, type Output } from '../api/client.ts';
import type { Permission } from '../../../core/permissions.ts';
import { setServerClock } from '../api/clock.tsx';
import { useI18n } from '../i18n/index.tsx';
import { LoginScreen, SetupScreen, type SignedIn } from './LoginScreen.tsx';

type Status = Output<'auth.status'>;

interface Auth {
  user: NonNullable<Status['user']>;
  /** What the signed-in role may do: the UI hides the rest (core enforces it anyway). */
  can(permission: Permission): boolean;
  signOut(): Promise<void>;
  /** True right after the first-run setup created the administrator: the welcome is shown once. */
  justSetUp: boolean;
  dismissWelcome(): void;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/**
 * First run: create the administrator; afterwards: log in. The app renders only when signed in.
 * `onSignedIn` runs as a sign-in succeeds, before the first screen renders (App asks its rows ahead).
 */
export function AuthProvider({ children, onSignedIn }: { children: ReactNode; onSignedIn?: () => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [justSetUp, setJustSetUp] = useState(false);
  const take = useCallback((answer: Status) => {
    if (answer.clock) setServerClock(answer.clock); // before the app renders: no second round trip for the clock
    setStatus(answer);
  }, []);
  const refresh = useCallback(() => {
    call('auth.status', {}).then(take, (e: Error) => setError(e.message));
  }, [take]);
  useEffect(() => {
    refresh();
    return onSignedOut(refresh);
  }, [refresh]);
  const signedIn = useCallback(
    ({ token, status: answered }: SignedIn) => {
      setUserSession(token);
      onSignedIn?.();
      // The sign-in brought the new session's status (an older server's did not: then it is asked for).
      if (answered) take(answered);
      else refresh();
    },
    [refresh, take, onSignedIn],
  );
  const auth = useMemo<Auth | null>(() => {
    if (!status?.user) return null;
    const permissions = new Set<string>(status.permissions);
    return {
      user: status.user,
      can: (p) => permissions.has(p),
      signOut: async () => {
        await call('auth.logout', {}).catch(() => undefined);
        setUserSession(null);
        refresh();
      },
      justSetUp,
      dismissWelcome: () => setJustSetUp(false),
    };
  }, [status, refresh, justSetUp]);

  if (error)
    return (
      <Alert severity="error" sx={{ m: 4 }}>
        {t('common.loadFailed', { message: error })}
      </Alert>
    );
  if (!status)
    return (
      <Box sx={{ p: 4 }}>
        <CircularProgress aria-label={t('common.loading')} />
      </Box>
    );
  if (status.needsSetup) return <SetupScreen onDone={(answer) => (setJustSetUp(true), signedIn(answer))} />;
  if (!auth) return <LoginScreen onDone={signedIn} />;
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
