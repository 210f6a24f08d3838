import { depsFromEnv } from '../../shared/runtime/deps';
import { makeNotificationsHandler } from './make-handler';

export const handler = makeNotificationsHandler(depsFromEnv('notifications'));
