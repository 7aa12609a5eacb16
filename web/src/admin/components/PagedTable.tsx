// A table of one page of a paged list, as the admin views show them: why it could not load, the
// rows in a scrolling region, a line when there are none, and the pager under it.
import type { ComponentChildren } from 'preact';
import type { PagedList } from '../usePagedList';
import { Pager } from './Pager';

interface Props {
  label: string; // "Guilds": names the table region and its pager
  list: PagedList<unknown>;
  caption: string;
  columns: ComponentChildren; // the heading row's cells
  emptyText: string;
  children: ComponentChildren; // the rows
}

export function PagedTable({ label, list, caption, columns, emptyText, children }: Props) {
  return (
    <>
      {list.error && (
        <p class="error" role="alert">
          Could not load {label.toLowerCase()}: {list.error}
        </p>
      )}
      <div class="table-scroll" tabIndex={0} role="region" aria-label={`${label} table`}>
        <table aria-busy={list.loading}>
          <caption>{caption}</caption>
          <thead>
            <tr>{columns}</tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
        {!list.loading && list.rows.length === 0 && !list.error && <p class="empty">{emptyText}</p>}
      </div>
      <Pager
        label={label}
        pageNumber={list.pageNumber}
        hasPrevious={list.hasPrevious}
        hasNext={list.hasNext}
        onPrevious={list.previous}
        onNext={list.next}
      />
    </>
  );
}
