import { useEffect, useState } from 'preact/hooks';
import type { BoroughEntry, SiteConfig } from '../config';
import { Layout } from '../components/Layout';

interface LocalUser {
  id: string;
  roles: string[];
  name: string;
  description: string;
}

/**
 * Locally: the seeded people of each borough, each signing in with a dev token from the local issuer.
 * In AWS: the borough's Cognito hosted UI (see cognito.ts).
 */
export const SignIn = ({
  config,
  notice,
  onToken,
  onCognito,
}: {
  config: SiteConfig;
  notice?: string;
  onToken: (borough: BoroughEntry, token: string) => void;
  onCognito: (borough: BoroughEntry) => void;
}) => {
  const [users, setUsers] = useState<Record<string, LocalUser[]>>({});
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    if (config.auth !== 'local') return;
    fetch('/_local/users')
      .then((r) => r.json() as Promise<Record<string, LocalUser[]>>)
      .then(setUsers)
      .catch(() => setProblem('The local platform did not answer. Is `npm start` running?'));
  }, [config]);

  const signInAs = async (borough: BoroughEntry, userId: string) => {
    const response = await fetch('/_local/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ borough: borough.id, userId }) });
    if (!response.ok) {
      setProblem('That person could not be signed in.');
      return;
    }
    onToken(borough, ((await response.json()) as { token: string }).token);
  };

  return (
    <Layout title="Sign in" nav={[]} current="/">
      {notice && (
        <div class="nhsuk-inset-text" role="status">
          <p>{notice}</p>
        </div>
      )}
      {problem && (
        <div class="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 class="nhsuk-error-summary__title">There is a problem</h2>
          <div class="nhsuk-error-summary__body">
            <p>{problem}</p>
          </div>
        </div>
      )}
      {config.auth === 'local' ? (
        <>
          <p class="nhsuk-lede-text">This is the local platform: choose a seeded or invited person to sign in as. Their names and data are made up.</p>
          {config.boroughs.map((borough) => (
            <section key={borough.id} aria-labelledby={`borough-${borough.id}`}>
              <h2 class="nhsuk-heading-m" id={`borough-${borough.id}`}>
                {borough.name}
              </h2>
              <ul class="nhsuk-list app-sign-in-list">
                {(users[borough.id] ?? []).map((user) => (
                  <li key={user.id}>
                    <button type="button" class="nhsuk-button nhsuk-button--secondary app-sign-in-button" onClick={() => void signInAs(borough, user.id)}>
                      Sign in as {user.name}
                      <span class="nhsuk-u-visually-hidden"> of {borough.name}</span>
                    </button>
                    <span class="nhsuk-body-s app-sign-in-role"> {user.description}</span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : (
        <>
          <p class="nhsuk-lede-text">Choose your borough to sign in.</p>
          {config.boroughs.map((borough) => (
            <p key={borough.id}>
              <button type="button" class="nhsuk-button" onClick={() => onCognito(borough)}>
                Sign in to {borough.name}
              </button>
            </p>
          ))}
        </>
      )}
    </Layout>
  );
};
