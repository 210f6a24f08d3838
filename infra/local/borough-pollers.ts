import { makeStreamHandler } from '../../functions/notifications/stream';
import { makeOutcomesStreamHandler } from '../../functions/outcomes/stream';
import type { MessageSender } from '../../shared/events/messages';
import { makeObservability } from '../../shared/runtime/observability';
import type { StoreClients } from '../../shared/store/client';
import type { BoroughRuntime } from './platform';
import { startStreamPoller, type StreamPoller } from './stream-poller';

export interface BoroughPollerOptions {
  endpoint: string;
  clients: StoreClients;
  /** Where each consumer's records go when they keep failing. */
  deadLetters: { notifications: string; outcomes: string };
  messages?: MessageSender;
  paused?: () => boolean;
  startAt?: 'TRIM_HORIZON' | 'LATEST';
}

/** A borough table's stream into its two consumers, notifications and outcomes, as the event source mappings do in AWS. */
export const startBoroughPollers = (runtime: BoroughRuntime, options: BoroughPollerOptions): StreamPoller[] => {
  const common = {
    endpoint: options.endpoint,
    clients: options.clients,
    tableName: runtime.deps.store.tableName,
    ...(options.paused ? { paused: options.paused } : {}),
    ...(options.startAt ? { startAt: options.startAt } : {}),
  };
  const deps = (service: string) => ({ ...runtime.deps, observability: makeObservability(service, runtime.config.id) });
  return [
    // Ten lanes, as the notifications mapping's parallelization factor in AWS: one patient's failing delivery holds back no one else's.
    startStreamPoller({
      ...common,
      handler: runtime.runAs('notifications', makeStreamHandler({ ...deps('notifications'), ...(options.messages ? { messages: options.messages } : {}) })),
      deadLetterFile: options.deadLetters.notifications,
      lanes: 10,
    }),
    startStreamPoller({ ...common, handler: runtime.runAs('outcomes', makeOutcomesStreamHandler(deps('outcomes'))), deadLetterFile: options.deadLetters.outcomes, functionName: 'outcomes' }),
  ];
};
