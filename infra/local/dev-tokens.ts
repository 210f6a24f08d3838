import type { BoroughConfig } from '../../shared/domain/borough-config';
import { demoUsers } from './demo-users';
import { localClientId, type LocalIssuer } from './issuer';

/**
 * A dev token for someone seeded in a borough, or for one of its system clients (borough file
 * `integrations`: a client-credentials token, as a GP system would get from Cognito's token endpoint).
 * Undefined for an id the borough does not know.
 * @example await devToken(issuer, cityAndHackney, 'gp-system')
 */
export const devToken = async (issuer: LocalIssuer, borough: BoroughConfig, id: string): Promise<string | undefined> => {
  const integration = borough.integrations.find((i) => i.id === id);
  if (integration) return issuer.signClient({ clientId: localClientId(borough.id, integration.id), scopes: integration.scopes });
  const user = demoUsers(borough.id).find((u) => u.id === id);
  return user ? issuer.sign({ ...user, borough: borough.id }) : undefined;
};

/** Everyone `devToken` knows in a borough: its seeded people, then its system clients. */
export const devTokenIds = (borough: BoroughConfig): string[] => [...demoUsers(borough.id).map((u) => u.id), ...borough.integrations.map((i) => i.id)];
