/** Where the shells serve and follow other users' changes (text/event-stream): the web shell answers it, the desktop client reads it. */
export const EVENTS_ROUTE = '/api/events';
