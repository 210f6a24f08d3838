import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { useLoad } from '../load';

interface AccessEntry {
  seq: number;
  at: string;
  actorId: string;
  actorOrg?: string;
  action: string;
  decision: 'allow' | 'deny';
}

const ACTION_WORDS: Record<string, string> = {
  'plan:read': 'looked at your plan',
  'plan:contribute': 'added to your plan',
  'crisis-plan:read': 'looked at your crisis plan',
  'log:read': 'read your log',
  'health:read': 'looked at your health checks',
  'health:contribute': 'added a health check',
  'phb:read': 'looked at your budget',
  'phb:request': 'asked for something from your budget',
  'phb:manage': 'looked at your budget request',
  'phb:decide': 'decided on your budget request',
  'emergency-access': 'opened your crisis plan in an emergency',
};

/** Who has seen my record: every access by someone else, allowed or refused, newest first. */
export const AccessLog = () => {
  const { api } = useApp();
  const [more, setMore] = useState<{ items: AccessEntry[]; cursor?: string }>({ items: [] });
  const [error, setError] = useState<ApiError>();
  const first = useLoad(() => api<{ items: AccessEntry[]; nextCursor?: string }>('/patients/me/access-log?limit=20'), []);
  if (first.loading) return <p role="status">Loading who has seen your record…</p>;
  if (first.error || !first.data) return <ErrorSummary error={first.error} />;
  const entries = [...first.data.items, ...more.items];
  const cursor = more.items.length ? more.cursor : first.data.nextCursor;
  const loadMore = async () => {
    try {
      const page = await api<{ items: AccessEntry[]; nextCursor?: string }>(`/patients/me/access-log?limit=20&cursor=${encodeURIComponent(cursor!)}`);
      setMore({ items: [...more.items, ...page.items], ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    }
  };
  return (
    <>
      <p>Everyone who has opened or changed your information, and anyone who tried without your permission.</p>
      <ErrorSummary error={error} />
      {entries.length === 0 ? (
        <p>Nobody else has looked at your record yet.</p>
      ) : (
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption nhsuk-u-visually-hidden">Who has seen your record, newest first</caption>
          <thead class="nhsuk-table__head">
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {entries.map((e) => (
              <tr class="nhsuk-table__row" key={e.seq}>
                <td class="nhsuk-table__cell">{new Date(e.at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}</td>
                <td class="nhsuk-table__cell">
                  {e.actorId}
                  {e.actorOrg && <span class="app-muted"> ({e.actorOrg})</span>}
                </td>
                <td class="nhsuk-table__cell">{e.decision === 'deny' ? <strong class="nhsuk-tag nhsuk-tag--red">Refused</strong> : null} {e.decision === 'deny' ? `tried: ${ACTION_WORDS[e.action] ?? e.action}` : (ACTION_WORDS[e.action] ?? e.action)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => void loadMore()}>
          Show older
        </button>
      )}
    </>
  );
};
