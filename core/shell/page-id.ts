/**
 * Which open page of the app (a browser tab) made a call or follows the change stream. On the association server the
 * pages of one browser share a session (its cookie): told apart, each hears the others' changes as it hears another
 * user's, and refreshes (issue 20 point 4); only the page that made a change takes it as its own. Pure: the renderer
 * sends it (renderer/src/api/client.ts), the web shell reads it (web/session.ts).
 */
export const PAGE_HEADER = 'x-sws-page';

/** A page id as the renderer makes one; anything else a request carries is ignored (the whole session is then one page). */
const PAGE_ID = /^[0-9a-f]{32}$/;

/** The page a request names, or undefined when it names none or something else. */
export const pageOf = (value: string | string[] | undefined): string | undefined => {
  const text = Array.isArray(value) ? value[0] : value;
  return text && PAGE_ID.test(text) ? text : undefined;
};

/** A new page's id: 128 random bits, hex (crypto.getRandomValues: unlike randomUUID, also on a LAN address over plain http). */
export function newPageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
