import type { ComponentChildren } from 'preact';

/**
 * The NHS table: a caption (for screen readers only, unless `showCaption`), the column headings, and
 * a row of cells for each item. `responsive`: on phones each row becomes a card, each cell under its
 * heading (nhsuk-frontend's responsive table, with the table's roles kept explicit for assistive
 * technology, as the design system does).
 */
export const Table = <T,>({
  caption,
  showCaption = false,
  headings,
  rows,
  rowKey,
  cells,
  className,
  responsive = false,
}: {
  caption: string;
  showCaption?: boolean;
  headings: readonly ComponentChildren[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  cells: (row: T) => readonly ComponentChildren[];
  className?: string;
  responsive?: boolean;
}) => (
  <table class={`${responsive ? 'nhsuk-table-responsive' : 'nhsuk-table'}${className ? ` ${className}` : ''}`} role={responsive ? 'table' : undefined}>
    <caption class={`nhsuk-table__caption${showCaption ? '' : ' nhsuk-u-visually-hidden'}`}>{caption}</caption>
    <thead class="nhsuk-table__head" role={responsive ? 'rowgroup' : undefined}>
      <tr role={responsive ? 'row' : undefined}>
        {headings.map((h, i) => (
          <th scope="col" key={i} role={responsive ? 'columnheader' : undefined}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
    <tbody class="nhsuk-table__body">
      {rows.map((row) => (
        <tr class="nhsuk-table__row" key={rowKey(row)} role={responsive ? 'row' : undefined}>
          {cells(row).map((cell, i) => (
            <td class="nhsuk-table__cell" key={i} role={responsive ? 'cell' : undefined}>
              {responsive && (
                <span class="nhsuk-table-responsive__heading" aria-hidden="true">
                  {headings[i]}{' '}
                </span>
              )}
              {cell}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);
