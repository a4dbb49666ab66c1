/** Time as core sees it; injectable so rules around dates can be tested on fixed days. */
export interface Clock {
  /** Today's date in the user's calendar, `YYYY-MM-DD`. */
  today(): string;
  /** Current instant as an ISO UTC timestamp. */
  now(): string;
}

export const systemClock: Clock = {
  today() {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  },
  now: () => new Date().toISOString(),
};

export function fixedClock(today: string): Clock {
  return { today: () => today, now: () => `${today}T08:00:00.000Z` };
}
