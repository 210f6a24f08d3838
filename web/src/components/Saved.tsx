/** The confirmation of a change, announced politely to screen readers. */
export const Saved = ({ message }: { message?: string | undefined }) =>
  message ? (
    <p class="app-saved" role="status">
      {message}
    </p>
  ) : null;
