import type { ComponentChildren } from 'preact';

/** The NHS summary list: a term and its value per row. */
export const SummaryList = ({ rows }: { rows: [string, ComponentChildren][] }) => (
  <dl class="nhsuk-summary-list">
    {rows.map(([key, value]) => (
      <div class="nhsuk-summary-list__row" key={key}>
        <dt class="nhsuk-summary-list__key">{key}</dt>
        <dd class="nhsuk-summary-list__value">{value}</dd>
      </div>
    ))}
  </dl>
);
