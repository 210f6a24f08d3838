import { londonDateTime } from '../dates';

/** Said above a page shown from its kept copy: what it is, as of when, and what cannot be done now. */
export const OfflineCopy = ({ what, asOf, then }: { what: string; asOf: string; then: string }) => (
  <div class="nhsuk-inset-text app-offline" role="status">
    <span class="nhsuk-u-visually-hidden">Information: </span>
    <p>
      <strong>You are offline.</strong> This is {what} as it was on {londonDateTime(asOf)}. {then}
    </p>
  </div>
);
