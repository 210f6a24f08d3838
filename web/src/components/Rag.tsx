import type { Answer } from '../api';

/** A goal's RAG status, as the API answers it. */
export type RagStatus = NonNullable<Answer<'/patients/{patientId}/plan'>['goals'][number]['rag']>['status'];

export const RAG_WORDS: Record<RagStatus, string> = {
  green: 'Going well',
  orange: 'Some difficulties',
  red: 'I need help',
};

const TAG: Record<RagStatus, string> = { green: 'nhsuk-tag--green', orange: 'nhsuk-tag--orange', red: 'nhsuk-tag--red' };

/** A goal's latest RAG status as a tag, in words as well as colour. */
export const RagTag = ({ status }: { status?: RagStatus }) =>
  status ? (
    <strong class={`nhsuk-tag ${TAG[status]}`}>{`${status.charAt(0).toUpperCase()}${status.slice(1)}: ${RAG_WORDS[status]}`}</strong>
  ) : (
    <strong class="nhsuk-tag nhsuk-tag--grey">No update yet</strong>
  );
