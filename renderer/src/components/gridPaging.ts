/** The page a server-paged list shows first (ServerDataGrid), also asked for ahead of the first screen (App.tsx). */
export const FIRST_PAGE = { page: 0, pageSize: 25 } as const;
