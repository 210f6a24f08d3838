import { randomUUID } from 'node:crypto';
import { isActive } from '../../shared/domain/people';
import type { MessageSender } from '../../shared/events/messages';
import { AccountExistsError, type Accounts } from '../../shared/runtime/accounts';
import type { Store } from '../../shared/runtime/deps';
import { listDirectory } from '../../shared/store/directory-repository';

/**
 * Accounts where no Cognito runs: the directory is the account (the local sign-in page offers every
 * invited, active person of it), and the invitation Cognito would send is written to the local
 * messages file. An email address is one account, as Cognito's sign-in by email makes it.
 */
export const localAccounts = (store: Store, borough: string, messages: MessageSender, webOrigin: string): Accounts => ({
  async invite({ person, boroughName }) {
    const email = person.email.toLowerCase();
    if ((await listDirectory(store, borough)).some((p) => p.email?.toLowerCase() === email)) throw new AccountExistsError();
    const userId = randomUUID();
    await messages.send({
      channel: 'email',
      to: person.email,
      userId,
      eventId: `invitation-${userId}`,
      subject: `Your invitation to the ${boroughName} recovery platform`,
      text: `You have been invited to the ${boroughName} recovery platform. Sign in at ${webOrigin}/ (on this local platform: choose yourself on the sign-in page).`,
    });
    return { userId };
  },
  // The directory says who is disabled; the local sign-in and the API read it.
  disable: () => Promise.resolve(),
  // The directory is the account here: the sweep finds it true by construction.
  accountStates: async () => new Map((await listDirectory(store, borough)).map((p) => [p.userId, isActive(p) ? 'enabled' : 'disabled'])),
});
