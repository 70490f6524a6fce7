import type { ReactNode } from 'react';

/**
 * One column of a virtual table. Widths live in components.css
 * (grid-template-columns of the table's class), so a column here is only
 * what it shows and how it aligns.
 */
export interface Column<R> {
  readonly id: string;
  readonly header: string;
  readonly cell: (row: R) => ReactNode;
  /** Numbers align right (and use tabular figures). */
  readonly numeric?: boolean;
  /** Full text for the cell's tooltip (ids, full instants). */
  readonly title?: (row: R) => string | undefined;
  readonly className?: (row: R) => string | undefined;
}

/** Sorting is offered on one column at a time (the issue asks for time). */
export interface ColumnSort {
  readonly columnId: string;
  readonly direction: 'asc' | 'desc';
  readonly onToggle: () => void;
}
