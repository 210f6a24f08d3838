import { awsSender } from '../../shared/events/aws-messages';
import { depsFromEnv } from '../../shared/runtime/deps';
import { makeNotificationsHandler } from './make-handler';

const deps = depsFromEnv('notifications');
export const handler = makeNotificationsHandler({ ...deps, messages: awsSender(deps.config.borough.notifications) });
