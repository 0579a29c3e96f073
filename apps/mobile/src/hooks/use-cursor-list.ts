// A list read page by page with the API's cursors (products, orders, notifications): the first
// page loads when the inputs change, `loadMore` appends the next one until there is none.
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null or absent on the last page. */
  nextCursor?: string | null | undefined;
}

interface ListState<T> {
  items: T[];
  nextCursor: string | undefined;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
}

const initial = { items: [], nextCursor: undefined, loading: true, loadingMore: false, error: undefined };

export function useCursorList<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: DependencyList,
) {
  const [state, setState] = useState<ListState<T>>(initial);
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  // Answers from an older generation (the shopper switched category meanwhile) are dropped.
  const current = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to start over
  useEffect(() => {
    const run = ++current.current;
    setState(initial);
    fetchRef.current(undefined).then(
      (page) =>
        run === current.current &&
        setState({ ...initial, items: page.items, nextCursor: page.nextCursor ?? undefined, loading: false }),
      (error: unknown) => run === current.current && setState({ ...initial, loading: false, error }),
    );
  }, [...deps, generation]);

  // loadMore reads the latest state through a ref: FlatList may call it several times in a row.
  const latest = useRef(state);
  latest.current = state;
  const loadMore = useCallback(() => {
    const { nextCursor, loading, loadingMore } = latest.current;
    if (!nextCursor || loading || loadingMore) return;
    const run = current.current;
    latest.current = { ...latest.current, loadingMore: true };
    setState((s) => ({ ...s, loadingMore: true, error: undefined }));
    fetchRef.current(nextCursor).then(
      (page) =>
        run === current.current &&
        setState((s) => ({
          ...s,
          items: [...s.items, ...page.items],
          nextCursor: page.nextCursor ?? undefined,
          loadingMore: false,
        })),
      (error: unknown) => run === current.current && setState((s) => ({ ...s, loadingMore: false, error })),
    );
  }, []);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, hasMore: state.nextCursor !== undefined, loadMore, reload };
}
