import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { MfaSettings } from './staff-mfa';

/** The user's second factors as Cognito holds them (AdminGetUser; the trigger's role may call it on its own pool only). */
export const cognitoMfaSettings = (client = new CognitoIdentityProviderClient({})): MfaSettings => ({
  async enabledFactors(userPoolId, userName) {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
    return user.UserMFASettingList ?? [];
  },
});
