import { depsFromEnv } from '../../shared/runtime/deps';
import { cognitoMfaSettings } from './cognito-mfa-settings';
import { makeBoroughsHandler } from './make-handler';

export const handler = makeBoroughsHandler(depsFromEnv('boroughs'), cognitoMfaSettings());
