import type { PersonEntryBody } from '../domain/people';

/** What an invitation needs: who the person is and where the invitation goes. */
export interface Invitation {
  person: PersonEntryBody & { email: string };
  boroughId: string;
  boroughName: string;
}

/**
 * The people's accounts, behind one small interface: Cognito in AWS (shared/runtime/cognito-accounts.ts),
 * and locally the directory itself with the invitation written to the local messages file
 * (infra/local/local-accounts.ts), since no Cognito runs here.
 */
export interface Accounts {
  /** Creates the account and sends its invitation; answers the id the API will know the person by. */
  invite(invitation: Invitation): Promise<{ userId: string }>;
  /** Stops the person signing in and ends their sessions. Nothing is deleted. */
  disable(userId: string): Promise<void>;
  /**
   * Every account there is, by the id the API knows it by, and whether it may sign in. A person with
   * no account here was deleted (in Cognito's console, say): the directory sweep reads this.
   */
  accountStates(): Promise<Map<string, AccountState>>;
}

export type AccountState = 'enabled' | 'disabled';

/** The account already exists (an email address already used in this borough). */
export class AccountExistsError extends Error {
  constructor() {
    super('an account with this email address already exists');
    this.name = 'AccountExistsError';
  }
}
