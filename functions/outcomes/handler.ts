import { depsFromEnv } from '../../shared/runtime/deps';
import { makeOutcomesHandler } from './make-handler';

export const handler = makeOutcomesHandler(depsFromEnv('outcomes'));
