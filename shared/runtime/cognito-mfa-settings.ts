import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** Where a person's second factors are read from (Cognito in AWS; a fake in tests). */
export interface MfaSettings {
  enabledFactors(userPoolId: string, userName: string): Promise<readonly string[]>;
}

/** The user's second factors as Cognito holds them (AdminGetUser; the trigger's role may call it on its own pool only). */
export const cognitoMfaSettings = (client = new CognitoIdentityProviderClient({})): MfaSettings => ({
  async enabledFactors(userPoolId, userName) {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
    return user.UserMFASettingList ?? [];
  },
});
