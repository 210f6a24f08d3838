import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/actor';
import type { Integration } from '../../shared/domain/borough-config';
import { CLIENT_SCOPES } from '../../shared/domain/client-scopes';
import { required } from '../required';

/** A client scope's resource server and scope name: `imports/gp.write` is `imports` and `gp.write`. */
const scopeParts = (scope: string): [server: string, name: string] => {
  const [server, name] = scope.split('/');
  if (!server || !name) throw new Error(`Client scope "${scope}" is not <resource server>/<scope>`);
  return [server, name];
};

/**
 * A borough's Cognito user pool: the groups are the roles, `custom:borough` and `custom:org` the
 * claims the handlers read (design decision 5). No self sign-up: care teams invite people.
 */
/** A borough's user pool's name: how its boroughs function finds the pool it cannot name (a cycle). */
export const userPoolNameOf = (boroughId: string): string => `recovery-${boroughId}`;

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;

  readonly domain: cognito.UserPoolDomain;
  /** One OAuth client per system of the borough file's `integrations` (client credentials, with a secret). */
  readonly systemClients = new Map<string, cognito.UserPoolClient>();

  /**
   * `webOrigin`: the web front end's address, where the hosted UI sends people back (PKCE code flow)
   * and where an invitation sends them. `email`: the borough's verified SES domain, once it is; until
   * then Cognito's own sender (a small daily limit: enough for the first operator only).
   */
  constructor(
    scope: Construct,
    id: string,
    props: { boroughId: string; boroughName: string; domainPrefix: string; webOrigin: string; integrations: readonly Integration[]; email?: { fromEmail: string; domain: string } },
  ) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: userPoolNameOf(props.boroughId),
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      customAttributes: {
        // Set at invitation, never by the user: the borough is the tenant, the org their team.
        borough: new cognito.StringAttribute({ minLen: 1, maxLen: 40, mutable: false }),
        org: new cognito.StringAttribute({ minLen: 1, maxLen: 40, mutable: true }),
        // A patient's NHS number, set at invitation: a sign-in links it to them (functions/boroughs/directory-sync.ts).
        nhs_number: new cognito.StringAttribute({ minLen: 10, maxLen: 10, mutable: false }),
        // Staff's job title as others see it ("Psychotherapist"); their name is given_name and family_name.
        role_title: new cognito.StringAttribute({ minLen: 2, maxLen: 80, mutable: true }),
      },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      // Optional for the pool: patients may sign in without; the sign-in trigger refuses staff without
      // (functions/boroughs/staff-mfa.ts). Email codes need the pool to send through SES.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false, email: props.email !== undefined },
      email: props.email
        ? cognito.UserPoolEmail.withSES({ fromEmail: props.email.fromEmail, fromName: `${props.boroughName} recovery platform`, sesVerifiedDomain: props.email.domain, sesRegion: region })
        : cognito.UserPoolEmail.withCognito(),
      userInvitation: {
        emailSubject: `Your invitation to the ${props.boroughName} recovery platform`,
        // Cognito requires {username} and {####}; the link is the only address people need.
        emailBody: `Hello,<br><br>You have been invited to the ${props.boroughName} recovery platform.<br>Sign in at ${props.webOrigin}/ with your user name {username} and this temporary password: {####}<br>You will choose your own password when you first sign in. The temporary password works for 3 days.`,
        smsMessage: `Recovery platform: user name {username}, temporary password {####}. Sign in at ${props.webOrigin}/`,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      // RETAIN with deletion protection, like the table (infra/constructs/data-store.ts); its name
      // need not be unique, so a pool kept by a failed first deploy does not block the retry.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // `integration` is the role of system clients, which are OAuth clients, never users in a group.
    for (const role of ROLES.filter((r) => r !== 'integration')) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    }
    this.domain = this.userPool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.webClient = this.userPool.addClient('WebClient', {
      authFlows: { userSrp: true },
      // A public client (no secret): the authorization code flow with PKCE, back to the web front end only.
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.webOrigin}/`],
        logoutUrls: [`${props.webOrigin}/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      generateSecret: false,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Only the invitation sets these; the user may not change their own borough or team.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
    this.addSystemClients(props.integrations);
  }

  /**
   * GP and trust systems: the resource server `imports` holds the scopes a system may be given
   * (shared/domain/client-scopes.ts), and each system gets a confidential client of its own that may
   * use the client-credentials grant with its listed scopes only. Its secret stays in Cognito
   * (`aws cognito-idp describe-user-pool-client`); no system needs a user account.
   */
  private addSystemClients(integrations: readonly Integration[]): void {
    const scopes = new Map<string, cognito.OAuthScope>();
    for (const identifier of new Set(CLIENT_SCOPES.map((scope) => scopeParts(scope)[0]))) {
      const names = CLIENT_SCOPES.filter((scope) => scope.startsWith(`${identifier}/`));
      const resourceServerScopes = names.map((name) => new cognito.ResourceServerScope({ scopeName: scopeParts(name)[1], scopeDescription: `System clients: ${name}` }));
      const server = this.userPool.addResourceServer(`ResourceServer-${identifier}`, { identifier, userPoolResourceServerName: `recovery ${identifier}`, scopes: resourceServerScopes });
      for (const scope of resourceServerScopes) scopes.set(`${identifier}/${scope.scopeName}`, cognito.OAuthScope.resourceServer(server, scope));
    }
    for (const integration of integrations) {
      this.systemClients.set(
        integration.id,
        this.userPool.addClient(`SystemClient-${integration.id}`, {
          userPoolClientName: `system ${integration.id}`,
          generateSecret: true,
          authFlows: {},
          oAuth: { flows: { clientCredentials: true }, scopes: integration.scopes.map((s) => required(scopes.get(s), `OAuth scope ${s}`)) },
          supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          accessTokenValidity: Duration.hours(1),
          preventUserExistenceErrors: true,
        }),
      );
    }
  }
}
