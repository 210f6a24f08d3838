import type { Paged } from '../load';

/** "Show older …" under a paged list, while the API has more. */
export const OlderButton = ({ list, what, small = false }: { list: Paged<unknown>; what: string; small?: boolean }) =>
  list.more ? (
    <button type="button" class={`nhsuk-button nhsuk-button--secondary${small ? ' app-small-button' : ''}`} onClick={() => void list.loadMore()}>
      Show older {what}
    </button>
  ) : null;
