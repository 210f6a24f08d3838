import { makeHttpHandler } from '../../shared/http/handler';
import { depsFromEnv } from '../../shared/runtime/deps';
import { routes } from './routes';

export const handler = makeHttpHandler(routes, depsFromEnv('measures'));
