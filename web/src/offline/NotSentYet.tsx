import type { Session } from '../session';
import { londonDateTime } from '../dates';
import { CrisisNumbers, type UrgentNumber } from '../components/CrisisNumbers';
import { RAG_WORDS } from '../components/Rag';
import { MOOD_WORDS } from '../words';
import type { Answer } from '../api';
import { keptCopy } from './kept';
import { discard, sendAnyway, type QueuedUpdate } from './outbox';

/**
 * The national numbers for urgent help: what a patient who asks for help with no connection is shown
 * (the borough's own list comes with the API's answer, which they cannot get now).
 */
const NATIONAL_URGENT_NUMBERS: readonly UrgentNumber[] = [
  { label: 'NHS 111, option 2 (mental health crisis)', number: '111' },
  { label: 'Emergency: if your life or someone else’s is at risk', number: '999' },
];

const quoted = (text: string | undefined): string => (text ? ` (“${text}”)` : '');

const words = (item: QueuedUpdate): string =>
  item.kind === 'log'
    ? `Log entry: ${MOOD_WORDS[item.mood] ?? ''}${quoted(item.text)}`
    : `${item.status.charAt(0).toUpperCase()}${item.status.slice(1)}: ${RAG_WORDS[item.status]}${quoted(item.note)}`;

/**
 * A goal's updates (or log entries) kept on the phone, each said plainly: waiting to be sent, or not sent and why (to
 * send anyway or discard). A red one says the care team has not been told and whom to call now.
 */
export const NotSentYet = ({ items, session, onRetry }: { items: readonly QueuedUpdate[]; session: Session; onRetry: () => void }) => {
  if (items.length === 0) return null;
  const contacts = keptCopy<Answer<'/patients/{patientId}/crisis-plan'>>(session, 'crisis-plan')?.data.contacts ?? [];
  return (
    <>
      {items.map((item) =>
        item.notSent ? (
          <div class="nhsuk-warning-callout app-not-sent" key={item.id} role="alert">
            <h4 class="nhsuk-warning-callout__label">
              <span class="nhsuk-u-visually-hidden">Important: </span>Not sent
            </h4>
            <p>
              {words(item)}, made on {londonDateTime(item.madeAt)}. {item.notSent}
            </p>
            <div class="nhsuk-button-group">
              <button
                type="button"
                class="nhsuk-button nhsuk-button--secondary app-small-button"
                onClick={() => {
                  sendAnyway(item.id);
                  onRetry();
                }}
              >
                Send it anyway
              </button>
              <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => discard(item.id)}>
                Discard it
              </button>
            </div>
          </div>
        ) : item.kind === 'rag' && item.status === 'red' ? (
          <div class="nhsuk-warning-callout app-not-sent" key={item.id} role="alert">
            <h4 class="nhsuk-warning-callout__label">
              <span class="nhsuk-u-visually-hidden">Important: </span>Not sent yet: your care team has not been told
            </h4>
            <p>You asked for help on {londonDateTime(item.madeAt)}, but you are offline. It will be sent as soon as you are back online. If you need help now:</p>
            <CrisisNumbers contacts={contacts} urgentNumbers={NATIONAL_URGENT_NUMBERS} />
          </div>
        ) : (
          <p class="nhsuk-body-s app-not-sent" key={item.id} role="status">
            <strong>Not sent yet:</strong> {words(item)}, made on {londonDateTime(item.madeAt)}. It will be sent when you are back online.
          </p>
        ),
      )}
    </>
  );
};
