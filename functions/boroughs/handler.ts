import { depsFromEnv } from '../../shared/runtime/deps';
import { makeBoroughsHandler } from './make-handler';

export const handler = makeBoroughsHandler(depsFromEnv('boroughs'));
