/** What the page is told about the boroughs it can sign in to: `/config.json`, written by `npm start` or the CDK app. */
export interface BoroughEntry {
  id: string;
  name: string;
  /** Base address of the borough's API: `/<borough>` locally, the HTTP API's URL in AWS. */
  api: string;
  /** In AWS: the borough's Cognito hosted UI. */
  cognito?: { domain: string; clientId: string; issuer: string };
}

export interface SiteConfig {
  /** `local`: dev tokens from the local platform's sign-in; `cognito`: the hosted UI with PKCE. */
  auth: 'local' | 'cognito';
  boroughs: BoroughEntry[];
}

export const loadConfig = async (): Promise<SiteConfig> => {
  const response = await fetch('/config.json', { cache: 'no-store' }).catch(() => {
    throw new Error('We could not reach the service. Check your internet connection and try again.');
  });
  if (!response.ok) throw new Error('The site is not configured.');
  return (await response.json()) as SiteConfig;
};
