/**
 * The one clock on screen: core's configured time zone (服务器设置, default Asia/Shanghai) and core's
 * time, read once after sign-in. Every "today", every year and every displayed time comes from here,
 * never from the browser's own zone, so a coordinator's browser set to another zone agrees with core.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Box, CircularProgress } from '@mui/material';
import { call } from './client.ts';
import { DEFAULT_TIME_ZONE, formatInstant, localDate, localDateTime } from '../../../core/dates.ts';
import { useI18n } from '../i18n/index.tsx';

let clock = { timeZone: DEFAULT_TIME_ZONE, skewMs: 0 };
/** Whether core's clock has been read (auth.status carries it for a signed-in user). */
let known = false;

/** Takes core's zone and time (`system.clock`, or auth.status's `clock`); the browser's clock is used only to move on from there. */
export function setServerClock(server: { timeZone: string; now: string }): void {
  clock = { timeZone: server.timeZone, skewMs: Date.parse(server.now) - Date.now() };
  known = true;
}

const nowIso = () => new Date(Date.now() + clock.skewMs).toISOString();

/** The configured zone's IANA name. */
export const timeZone = (): string => clock.timeZone;
/** Today in the configured zone, `YYYY-MM-DD`. */
export const today = (): string => localDate(nowIso(), clock.timeZone);
/** Now on the configured zone's wall clock, `YYYY-MM-DDTHH:mm`: how sessions' times are stored. */
export const nowWallClock = (): string => localDateTime(nowIso(), clock.timeZone);
/** This year in the configured zone. */
export const thisYear = (): number => Number(today().slice(0, 4));
/** Text that is no instant (an old hand-written value) is shown as it is rather than breaking the screen. */
const isInstant = (iso: string) => !Number.isNaN(Date.parse(iso));
/** A stored instant (ISO UTC) as people read it in the configured zone: `2026-12-07 00:30`. */
export const showTime = (iso: string, options?: { seconds?: boolean }): string => (isInstant(iso) ? formatInstant(iso, clock.timeZone, options) : iso);
/** The date of a stored instant in the configured zone: `2026-12-07`. */
export const showDay = (iso: string): string => (isInstant(iso) ? localDate(iso, clock.timeZone) : iso.slice(0, 10));

/**
 * Renders the signed-in app once core's clock is known (a failure keeps the default zone rather than
 * blocking work). auth.status brings it along, so this asks only a server whose answer lacks it (an older one).
 */
export function ClockGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [ready, setReady] = useState(known);
  useEffect(() => {
    if (known) return;
    call('system.clock', {})
      .then(setServerClock)
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);
  if (!ready)
    return (
      <Box sx={{ p: 4 }}>
        <CircularProgress aria-label={t('common.loading')} />
      </Box>
    );
  return children;
}
