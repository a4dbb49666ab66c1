import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Box, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridRowParams, type GridRowSelectionModel, type GridSortModel, type GridValidRowModel } from '@mui/x-data-grid';
import { call, type Input, type OperationName, type Output } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKindsVersion } from '../api/dataVersion.tsx';
import { kindsOf } from '../api/liveKinds.ts';
import { FIRST_PAGE } from './gridPaging.ts';
import { keepUnchanged } from './keepRows.ts';

/** Every operation that answers a page of rows for a page asked for: derived from the contract, never listed by hand. */
type ListOperation = {
  [N in OperationName]: 'page' extends keyof Input<N> ? (Output<N> extends { rows: unknown[]; total: number } ? N : never) : never;
}[OperationName];
type RowOf<N extends ListOperation> = Output<N>['rows'][number];

interface Props<N extends ListOperation> {
  operation: N;
  columns: GridColDef<RowOf<N> & GridValidRowModel>[];
  /** Search and filters; any change returns to the first page. */
  query: Omit<Input<N>, 'page' | 'pageSize' | 'sortField' | 'sortDir'>;
  /** Keys of `query` that say what the list is of (a person, 考勤待办), not filters the user set. */
  scope?: readonly string[];
  /** Shown when nothing exists yet and no filter is applied: says what to do next. */
  emptyText: string;
  /** Offered under the empty text (e.g. 载入示例数据), only when nothing exists yet. */
  emptyAction?: ReactNode;
  onRowClick?: (row: RowOf<N>) => void;
  /** Bump to reload after a change. */
  refreshKey?: number;
  ariaLabel: string;
  /** Told the current sort, so that an export can write the rows in the order shown. */
  onSortChange?: (sort: { sortField: string; sortDir: 'asc' | 'desc' } | undefined) => void;
  /** Rows can be ticked for a bulk action; the ids of the ticked rows on the current page. */
  selection?: { ids: number[]; onChange(ids: number[], rows: RowOf<N>[]): void; isSelectable?: (row: RowOf<N>) => boolean };
  /** A row's key when it has no `id` field. */
  getRowId?: (row: RowOf<N>) => number;
  /** Told each page as answered (e.g. whether the list is being computed again). */
  onPage?: (page: Output<N>) => void;
  /** While the server is still computing the rows (none yet): said instead of "nothing" or "no match". */
  pendingText?: string | undefined;
}

/** A MUI Data Grid whose paging, sorting and filtering happen in SQL through a list operation. */
export function ServerDataGrid<N extends ListOperation>(props: Props<N>) {
  const { t } = useI18n();
  const [paginationModel, setPaginationModel] = useState<{ page: number; pageSize: number }>({ ...FIRST_PAGE });
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [state, setState] = useState<{ rows: readonly RowOf<N>[]; total: number; loading: boolean; error?: string }>({
    rows: [],
    total: 0,
    loading: true,
  });
  const onPage = useRef(props.onPage);
  onPage.current = props.onPage;
  const version = useKindsVersion(kindsOf(props.operation)); // changes of these kinds (anyone's) refetch the current page
  const queryKey = JSON.stringify(props.query);
  // Unchanged when already on the first page: a new object would fetch the first page a second time on mount.
  useEffect(() => setPaginationModel((m) => (m.page === 0 ? m : { ...m, page: 0 })), [queryKey]);

  // Rows keep their identity by id, through a function that stays the same (a new getRowId makes the grid rebuild every row).
  const rowIdProp = useRef(props.getRowId);
  rowIdProp.current = props.getRowId;
  const rowId = useCallback((row: RowOf<N>) => (rowIdProp.current ? rowIdProp.current(row) : (row as { id: number }).id), []);
  const onRowClickProp = useRef(props.onRowClick);
  onRowClickProp.current = props.onRowClick;
  const onRowClick = useCallback((params: GridRowParams) => onRowClickProp.current?.(params.row as RowOf<N>), []);

  /** The page the rows shown answer (search, page, sort): fetching it again is a refresh, not a new page. */
  const pageKey = JSON.stringify([props.operation, queryKey, paginationModel.page, paginationModel.pageSize, sortModel]);
  const shownPage = useRef<string | null>(null);
  useEffect(() => {
    let live = true;
    // A refresh leaves the rows as they are, uncovered (a loading cover over them would swallow a click), until the answer.
    const refresh = shownPage.current === pageKey;
    if (!refresh) setState((s) => ({ ...s, loading: true }));
    const sort = sortModel[0];
    const input = {
      ...(JSON.parse(queryKey) as object),
      page: paginationModel.page,
      pageSize: paginationModel.pageSize,
      ...(sort ? { sortField: sort.field, sortDir: sort.sort ?? 'asc' } : {}),
    } as Input<N>;
    call(props.operation, input).then(
      (answer) => {
        if (!live) return;
        shownPage.current = pageKey;
        const page = answer as Output<N>;
        setState((s) => {
          const rows = keepUnchanged(s.rows, page.rows as RowOf<N>[], rowId);
          return rows === s.rows && page.total === s.total && !s.loading && !s.error ? s : { rows, total: page.total, loading: false };
        });
        onPage.current?.(page);
      },
      (error: Error) => {
        if (!live) return;
        // A failed refresh keeps what was shown and says why; a page that could not be read shows nothing.
        setState((s) => (refresh ? { ...s, loading: false, error: error.message } : { rows: [], total: 0, loading: false, error: error.message }));
      },
    );
    return () => {
      live = false;
    };
  }, [props.operation, queryKey, paginationModel, sortModel, pageKey, props.refreshKey, version, rowId]);

  const scope = props.scope;
  const filtered = useMemo(
    () => Object.entries(JSON.parse(queryKey) as object).some(([key, v]) => !scope?.includes(key) && v !== undefined && v !== ''),
    [queryKey, scope],
  );
  const NoRows = useMemo(
    () =>
      function NoRowsOverlay() {
        return (
          <Stack spacing={2} sx={{ height: '100%', alignItems: 'center', justifyContent: 'center', p: 2 }}>
            <Typography color="text.secondary">{props.pendingText ?? (filtered ? t('common.noRows') : props.emptyText)}</Typography>
            {!filtered && !props.pendingText && props.emptyAction}
          </Stack>
        );
      },
    [filtered, props.emptyText, props.emptyAction, props.pendingText, t],
  );

  return (
    <Box sx={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
      {state.error && <Alert severity="error">{t('common.loadFailed', { message: state.error })}</Alert>}
      <DataGrid
        aria-label={props.ariaLabel}
        rows={state.rows as (RowOf<N> & GridValidRowModel)[]}
        columns={props.columns}
        rowCount={state.total}
        loading={state.loading}
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        paginationModel={paginationModel}
        onPaginationModelChange={setPaginationModel}
        pageSizeOptions={[25, 50, 100]}
        sortModel={sortModel}
        onSortModelChange={(model) => {
          setSortModel(model);
          const first = model[0];
          props.onSortChange?.(first ? { sortField: first.field, sortDir: first.sort ?? 'asc' } : undefined);
        }}
        disableColumnFilter
        disableRowSelectionOnClick
        density="compact"
        onRowClick={props.onRowClick ? onRowClick : undefined}
        slots={{ noRowsOverlay: NoRows }}
        getRowId={rowId as (row: GridValidRowModel) => number}
        {...(props.selection
          ? {
              checkboxSelection: true,
              keepNonExistentRowsSelected: false,
              rowSelectionModel: { type: 'include' as const, ids: new Set(props.selection.ids) },
              onRowSelectionModelChange: (model: GridRowSelectionModel) => {
                // "Select all" arrives as an exclusion list: resolve it against the rows shown.
                const shown = state.rows.map(rowId);
                const ids = model.type === 'include' ? [...model.ids].map(Number) : shown.filter((id) => !model.ids.has(id));
                // The ticked rows as shown, too: a bulk action names the versions it was shown (migration 0027).
                props.selection!.onChange(
                  ids,
                  state.rows.filter((r) => ids.includes(rowId(r))),
                );
              },
              isRowSelectable: props.selection.isSelectable ? (params: { row: RowOf<N> }) => props.selection!.isSelectable!(params.row) : undefined,
            }
          : {})}
        sx={{ flex: 1, minHeight: 300, '& .MuiDataGrid-row': { cursor: props.onRowClick ? 'pointer' : 'default' } }}
      />
    </Box>
  );
}
