import { depsFromEnv } from '../../shared/runtime/deps';
import { cognitoMfaSettings } from '../../shared/runtime/cognito-mfa-settings';
import { makeBoroughsHandler } from './make-handler';

export const handler = makeBoroughsHandler(depsFromEnv('boroughs'), cognitoMfaSettings());
