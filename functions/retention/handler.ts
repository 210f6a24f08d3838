import { depsFromEnv } from '../../shared/runtime/deps';
import { makeRetentionHandler } from './make-handler';

export const handler = makeRetentionHandler(depsFromEnv('retention'));
