import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Alert, Snackbar } from '@mui/material';
import type { ChangeKind, ChangeNotice } from '../../../domain/change-kinds.ts';
import { useDataVersion } from './dataVersion.tsx';
import { followChanges, type FeedState } from './changeFeed.ts';
import { followingChanges, signedOutElsewhere } from './client.ts';
import { kindsOf } from './liveKinds.ts';
import { coalesce } from './coalesce.ts';
import { useI18n } from '../i18n/index.tsx';

/** Notices arriving close together refresh the screens once: after this long without another… */
const QUIET_MS = 300;
/** …and at the latest this long after the first (a steady stream still shows within issue 20's 2 s). */
const LONGEST_WAIT_MS = 1000;

const LatestNoticeContext = createContext<ChangeNotice | null>(null);

/** The latest change another user made (null before any): screens name who changed what they show. */
export const useLatestNotice = () => useContext(LatestNoticeContext);

/**
 * Other users' changes reach the open screens: one subscription for the signed-in session; each
 * notice bumps the versions of the kinds it names, so the lists, calendars and detail pages showing
 * them refetch (their current page). The user's own changes already refreshed what they touched.
 * After a dropped connection everything refetches, since notices may have been missed meanwhile.
 */
export function LiveChanges({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { bump, bumpKinds } = useDataVersion();
  const [state, setState] = useState<FeedState>('live');
  const [latest, setLatest] = useState<ChangeNotice | null>(null);
  useEffect(() => {
    let dropped = false;
    // Notices close together (an import, a bulk action, several users at once) refresh the screens once.
    const gathered = coalesce<{ everything: boolean; kinds: readonly ChangeKind[] }>(
      (batch) => {
        if (batch.some((b) => b.everything)) bump();
        else bumpKinds([...new Set(batch.flatMap((b) => b.kinds))]);
      },
      { quietMs: QUIET_MS, maxWaitMs: LONGEST_WAIT_MS },
    );
    const stop = followChanges(
      (notice) => {
        if (notice.own) return;
        setLatest(notice);
        gathered.add({ everything: notice.everything, kinds: notice.kinds });
      },
      (next) => {
        setState(next);
        // Early answers read before the stream listened are read again.
        if (next === 'live') followingChanges((names) => gathered.add({ everything: false, kinds: names.flatMap((name) => kindsOf(name)) }));
        if (next === 'ended') signedOutElsewhere(); // the session ended (signed out by an administrator, a restore): say so now, not at the next click
        if (next === 'reconnecting') dropped = true;
        if (next === 'live' && dropped) {
          dropped = false;
          gathered.add({ everything: true, kinds: [] });
        }
      },
    );
    return () => {
      stop();
      followingChanges(null);
      gathered.cancel();
    };
  }, [bump, bumpKinds]);
  return (
    <LatestNoticeContext.Provider value={latest}>
      {children}
      <Snackbar open={state === 'reconnecting'} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        <Alert severity="warning" variant="filled">
          {t('live.reconnecting')}
        </Alert>
      </Snackbar>
    </LatestNoticeContext.Provider>
  );
}
