import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { AccountExistsError, type Accounts, type AccountState, type Invitation } from './accounts';

const attributesOf = ({ person, boroughId }: Invitation): AttributeType[] => {
  const attributes: Record<string, string | undefined> = {
    email: person.email,
    email_verified: 'true',
    phone_number: person.phone,
    given_name: person.name.given,
    family_name: person.name.family,
    nickname: person.name.preferred,
    birthdate: person.birthDate,
    'custom:borough': boroughId,
    'custom:org': person.org,
    'custom:nhs_number': person.nhsNumber,
    'custom:role_title': person.roleTitle,
  };
  return Object.entries(attributes).flatMap(([Name, Value]) => (Value === undefined ? [] : [{ Name, Value }]));
};

/**
 * Accounts in the borough's Cognito user pool: an invitation is AdminCreateUser with the person's
 * attributes (Cognito sends its invitation message, with a temporary password) and their groups; a
 * leaver is AdminDisableUser and a global sign-out (their refresh tokens end; an access token still
 * held is refused by the API, which reads the directory on every request).
 */
export const cognitoAccounts = (userPoolName: string, client = new CognitoIdentityProviderClient({})): Accounts => {
  let found: Promise<string> | undefined;
  /** The pool's id, found once by its name (the stack cannot pass it: the pool depends on the function). */
  const poolId = (): Promise<string> =>
    (found ??= (async () => {
      for (let next: string | undefined, first = true; first || next; first = false) {
        const page = await client.send(new ListUserPoolsCommand({ MaxResults: 60, ...(next ? { NextToken: next } : {}) }));
        const pool = page.UserPools?.find((p) => p.Name === userPoolName);
        if (pool?.Id) return pool.Id;
        next = page.NextToken;
      }
      found = undefined;
      throw new Error(`no user pool named ${userPoolName}`);
    })());
  return {
    async invite(invitation) {
      const userPoolId = await poolId();
      let created;
      try {
        created = await client.send(
          new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: invitation.person.email, UserAttributes: attributesOf(invitation), DesiredDeliveryMediums: ['EMAIL'] }),
        );
      } catch (error) {
        if ((error as { name?: string }).name === 'UsernameExistsException') throw new AccountExistsError();
        throw error;
      }
      const userName = created.User?.Username ?? invitation.person.email;
      for (const role of invitation.person.roles) await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: userName, GroupName: role }));
      const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      if (!sub) throw new Error('Cognito created the user without a sub');
      return { userId: sub };
    },
    async disable(userId) {
      const userPoolId = await poolId();
      // The API knows people by their sub; Cognito's admin calls want the user name.
      const found = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, Filter: `sub = "${userId.replace(/["\\]/g, '')}"`, Limit: 1 }));
      const userName = found.Users?.[0]?.Username;
      if (!userName) return;
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: userName }));
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: userName }));
    },
    async accountStates() {
      const userPoolId = await poolId();
      const states = new Map<string, AccountState>();
      // 60 a page (Cognito's most): a borough's few thousand people are a few dozen calls, once an hour.
      for (let next: string | undefined, first = true; first || next; first = false) {
        const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, AttributesToGet: ['sub'], Limit: 60, ...(next ? { PaginationToken: next } : {}) }));
        for (const user of page.Users ?? []) {
          const sub = user.Attributes?.find((a) => a.Name === 'sub')?.Value;
          if (sub) states.set(sub, user.Enabled === false ? 'disabled' : 'enabled');
        }
        next = page.PaginationToken;
      }
      return states;
    },
  };
};
