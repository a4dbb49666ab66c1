import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Alert, Snackbar } from '@mui/material';
import type { ChangeKind, ChangeNotice } from '../../../domain/change-kinds.ts';
import { useDataVersion } from './dataVersion.tsx';
import { followChanges, type FeedState } from './changeFeed.ts';
import { followingChanges, signedOutElsewhere } from './client.ts';
import { kindsOf } from './liveKinds.ts';
import { useI18n } from '../i18n/index.tsx';

/** Notices arriving close together refresh the screens once. */
const GATHER_MS = 500;

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
    let kinds = new Set<ChangeKind>();
    let everything = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;
    const flush = () => {
      timer = undefined;
      if (everything) bump();
      else bumpKinds([...kinds]);
      kinds = new Set();
      everything = false;
    };
    const stop = followChanges(
      (notice) => {
        if (notice.own) return;
        setLatest(notice);
        everything ||= notice.everything;
        for (const kind of notice.kinds) kinds.add(kind);
        timer ??= setTimeout(flush, GATHER_MS);
      },
      (next) => {
        setState(next);
        if (next === 'live') followingChanges((names) => bumpKinds(names.flatMap((name) => kindsOf(name)))); // read before the stream listened: read again
        if (next === 'ended') signedOutElsewhere(); // the session ended (signed out by an administrator, a restore): say so now, not at the next click
        if (next === 'reconnecting') dropped = true;
        if (next === 'live' && dropped) {
          dropped = false;
          bump();
        }
      },
    );
    return () => {
      stop();
      followingChanges(null);
      clearTimeout(timer);
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
