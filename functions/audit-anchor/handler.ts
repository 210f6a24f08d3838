import { depsFromEnv } from '../../shared/runtime/deps';
import { makeAnchorHandler } from './anchor';

export const handler = makeAnchorHandler(depsFromEnv('audit-anchor'));
