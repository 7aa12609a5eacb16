// Cursor paging over the admin lists, which take `after` (an id) and `limit` and answer oldest first.
// One extra row is asked for to learn whether a next page exists; earlier cursors are kept on a stack
// so "Previous" needs no backwards query.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PageRequest } from './api';
import { errorText } from '../shared/http';

export interface PagedList<Row> {
  rows: Row[];
  loading: boolean;
  error: string | null;
  pageNumber: number; // 1-based
  hasNext: boolean;
  hasPrevious: boolean;
  next(): void;
  previous(): void;
  reload(): void;
  replaceRow(match: (row: Row) => boolean, row: Row | null): void;
}

export function usePagedList<Row extends { id: string }>(
  fetchPage: (filter: string, page: PageRequest) => Promise<Row[]>,
  filter: string,
  pageSize: number,
): PagedList<Row> {
  const [paging, setPaging] = useState<{ filter: string; cursors: (string | null)[] }>({ filter, cursors: [null] });
  const [rows, setRows] = useState<Row[]>([]);
  const [hasNext, setHasNext] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const latestRequest = useRef(0);

  // A new filter starts again at the first page.
  const cursors = paging.filter === filter ? paging.cursors : [null];
  const after = cursors[cursors.length - 1];
  useEffect(() => {
    const request = ++latestRequest.current;
    setLoading(true);
    fetchPage(filter, { after, limit: pageSize + 1 })
      .then((page) => {
        if (request !== latestRequest.current) return; // an answer to a query since replaced
        setRows(page.slice(0, pageSize));
        setHasNext(page.length > pageSize);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (request !== latestRequest.current) return;
        setError(errorText(failure));
      })
      .finally(() => {
        if (request === latestRequest.current) setLoading(false);
      });
  }, [filter, after, pageSize, reloads, fetchPage]);

  const next = useCallback(() => {
    if (rows.length === 0) return;
    const last = rows[rows.length - 1].id;
    setPaging({ filter, cursors: [...cursors, last] });
  }, [rows, filter, cursors]);
  const previous = useCallback(() => {
    if (cursors.length > 1) setPaging({ filter, cursors: cursors.slice(0, -1) });
  }, [filter, cursors]);
  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const replaceRow = useCallback((match: (row: Row) => boolean, row: Row | null) => {
    setRows((current) =>
      row === null ? current.filter((existing) => !match(existing)) : current.map((existing) => (match(existing) ? row : existing)),
    );
  }, []);

  return {
    rows,
    loading,
    error,
    pageNumber: cursors.length,
    hasNext,
    hasPrevious: cursors.length > 1,
    next,
    previous,
    reload,
    replaceRow,
  };
}
