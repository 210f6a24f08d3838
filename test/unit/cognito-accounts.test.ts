import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  ListUsersCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { AccountExistsError } from '../../shared/runtime/accounts';
import { cognitoAccounts } from '../../shared/runtime/cognito-accounts';

/** Cognito cannot run here: a client that answers as it would and keeps what it was asked. */
const fakeCognito = (options: { exists?: boolean } = {}) => {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      if (command instanceof ListUserPoolsCommand) {
        return Promise.resolve(
          command.input.NextToken
            ? { UserPools: [{ Id: 'eu-west-2_abc', Name: 'recovery-city-and-hackney' }] }
            : { UserPools: [{ Id: 'eu-west-2_other', Name: 'recovery-newham' }], NextToken: 'next' },
        );
      }
      if (command instanceof AdminCreateUserCommand) {
        if (options.exists) return Promise.reject(new UsernameExistsException({ message: 'exists', $metadata: {} }));
        return Promise.resolve({ User: { Username: 'u-name', Attributes: [{ Name: 'sub', Value: 'sub-123' }] } });
      }
      if (command instanceof ListUsersCommand) return Promise.resolve({ Users: [{ Username: 'u-name' }] });
      return Promise.resolve({});
    },
  } as unknown as CognitoIdentityProviderClient;
  return { client, sent };
};

const invitation = {
  person: { roles: ['clinician' as const], name: { given: 'Jo', family: 'Example' }, org: 'elft', roleTitle: 'Nurse', email: 'jo@example.org' },
  boroughId: 'city-and-hackney',
  boroughName: 'City and Hackney',
};

describe("the borough's Cognito accounts (adapter; Cognito itself cannot run here)", () => {
  it('finds its pool by name across pages, creates the user with their attributes and groups, and answers their sub', async () => {
    const { client, sent } = fakeCognito();
    const accounts = cognitoAccounts('recovery-city-and-hackney', client);
    expect(await accounts.invite(invitation)).toEqual({ userId: 'sub-123' });
    const create = sent.find((s) => s.name === AdminCreateUserCommand.name)!;
    expect(create.input).toMatchObject({ UserPoolId: 'eu-west-2_abc', Username: 'jo@example.org', DesiredDeliveryMediums: ['EMAIL'] });
    expect(create.input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'given_name', Value: 'Jo' },
        { Name: 'family_name', Value: 'Example' },
        { Name: 'custom:borough', Value: 'city-and-hackney' },
        { Name: 'custom:org', Value: 'elft' },
        { Name: 'custom:role_title', Value: 'Nurse' },
      ]),
    );
    expect(sent.filter((s) => s.name === AdminAddUserToGroupCommand.name).map((s) => s.input)).toEqual([{ UserPoolId: 'eu-west-2_abc', Username: 'u-name', GroupName: 'clinician' }]);
    // The pool's id is looked up once.
    await accounts.disable('sub-123');
    expect(sent.filter((s) => s.name === ListUserPoolsCommand.name)).toHaveLength(2);
  });

  it('disables the user found by sub and signs them out everywhere', async () => {
    const { client, sent } = fakeCognito();
    await cognitoAccounts('recovery-city-and-hackney', client).disable('sub-123');
    expect(sent.find((s) => s.name === ListUsersCommand.name)?.input).toMatchObject({ Filter: 'sub = "sub-123"' });
    expect(sent.filter((s) => [AdminDisableUserCommand.name, AdminUserGlobalSignOutCommand.name].includes(s.name)).map((s) => [s.name, s.input.Username])).toEqual([
      [AdminDisableUserCommand.name, 'u-name'],
      [AdminUserGlobalSignOutCommand.name, 'u-name'],
    ]);
  });

  it('says an email already used is taken', async () => {
    const { client } = fakeCognito({ exists: true });
    await expect(cognitoAccounts('recovery-city-and-hackney', client).invite(invitation)).rejects.toBeInstanceOf(AccountExistsError);
  });
});
