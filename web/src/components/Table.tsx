import type { ComponentChildren } from 'preact';

/**
 * The NHS table: a caption (for screen readers only, unless `showCaption`), the column headings, and
 * a row of cells for each item.
 */
export const Table = <T,>({
  caption,
  showCaption = false,
  headings,
  rows,
  rowKey,
  cells,
  className,
}: {
  caption: string;
  showCaption?: boolean;
  headings: readonly ComponentChildren[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  cells: (row: T) => readonly ComponentChildren[];
  className?: string;
}) => (
  <table class={`nhsuk-table${className ? ` ${className}` : ''}`}>
    <caption class={`nhsuk-table__caption${showCaption ? '' : ' nhsuk-u-visually-hidden'}`}>{caption}</caption>
    <thead class="nhsuk-table__head">
      <tr>
        {headings.map((h, i) => (
          <th scope="col" key={i}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
    <tbody class="nhsuk-table__body">
      {rows.map((row) => (
        <tr class="nhsuk-table__row" key={rowKey(row)}>
          {cells(row).map((cell, i) => (
            <td class="nhsuk-table__cell" key={i}>
              {cell}
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  </table>
);
