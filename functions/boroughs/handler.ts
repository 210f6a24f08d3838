import { depsFromEnv } from '../../shared/runtime/deps';
import { cognitoMfaSettings } from '../../shared/runtime/cognito-mfa-settings';
import { cognitoAccounts } from '../../shared/runtime/cognito-accounts';
import { makeBoroughsHandler } from './make-handler';

// Operators' invitations and leavers go to the borough's Cognito pool, found by its name (infra/constructs/identity.ts).
export const handler = makeBoroughsHandler({ ...depsFromEnv('boroughs'), accounts: cognitoAccounts(process.env.USER_POOL_NAME ?? '') }, cognitoMfaSettings());
