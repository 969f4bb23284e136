import { useCallback, useEffect, useState } from 'react';
import { Page } from '@devsecops/plugin-security-common';

interface State<T> {
  page?: Page<T>;
  loading: boolean;
  error?: Error;
}

/**
 * Cursor pagination for a server-side list: remembers the cursor of every page visited, so
 * "previous" is a refetch of a known cursor and "next" follows the server's `nextCursor`.
 * Any change of `queryKey` (filters, sort, search) starts again from the first page.
 */
export function useCursorPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  queryKey: string,
) {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [index, setIndex] = useState(0);
  const [state, setState] = useState<State<T>>({ loading: true });

  useEffect(() => {
    setCursors([undefined]);
    setIndex(0);
  }, [queryKey]);

  const cursor = cursors[index];
  useEffect(() => {
    let cancelled = false;
    setState(s => ({ ...s, loading: true, error: undefined }));
    fetchPage(cursor).then(
      page => !cancelled && setState({ page, loading: false }),
      error => !cancelled && setState({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
    // fetchPage changes with queryKey; the cursor decides which page
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cursor, queryKey, index]);

  const next = useCallback(() => {
    const nextCursor = state.page?.nextCursor;
    if (!nextCursor) return;
    setCursors(c => [...c.slice(0, index + 1), nextCursor]);
    setIndex(i => i + 1);
  }, [state.page, index]);

  const previous = useCallback(() => setIndex(i => Math.max(0, i - 1)), []);

  return {
    ...state,
    pageIndex: index,
    hasNext: Boolean(state.page?.nextCursor),
    hasPrevious: index > 0,
    next,
    previous,
  };
}
