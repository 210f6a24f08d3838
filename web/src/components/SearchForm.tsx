import type { ApiError } from '../api';
import { ErrorSummary } from './ErrorSummary';
import { Field } from './Field';

/**
 * A search box and its button: a query the API refuses (too short) is named at the box. The caller
 * keeps the words typed and runs the search.
 */
export const SearchForm = ({
  id,
  label,
  query,
  setQuery,
  onSearch,
  error,
  hint = 'At least 2 characters',
}: {
  id: string;
  label: string;
  query: string;
  setQuery: (words: string) => void;
  onSearch: () => void;
  error?: ApiError;
  hint?: string;
}) => (
  <form
    onSubmit={(e) => {
      e.preventDefault();
      onSearch();
    }}
    noValidate
  >
    <ErrorSummary error={error} fieldIds={{ 'query.q': id }} names={{ 'query.q': 'Search' }} />
    <Field id={id} label={label} hint={hint} error={error} field="query.q">
      {(props) => <input class="nhsuk-input nhsuk-input--width-20" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} {...props} />}
    </Field>
    <button class="nhsuk-button nhsuk-button--secondary" type="submit">
      Search
    </button>
  </form>
);
