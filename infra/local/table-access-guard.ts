import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callsOf, refusal, TableAccessDeniedError, type TableAccess } from '../../shared/store/table-access';

interface Running {
  service: string;
  borough: string;
  access: TableAccess;
}

const running = new AsyncLocalStorage<Running>();

/**
 * The local platform's stand-in for each function's IAM role: while a function's handler runs
 * (`asFunction`), every call on the shared client is held to that function's table access, and one it
 * may not make fails as AWS would fail it. Calls made outside a handler (seeding, tests) are not held.
 */
export const guardTableAccess = (client: DynamoDBClient): void => {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = running.getStore();
      if (fn) {
        for (const call of callsOf(context.commandName ?? '', args.input as Record<string, unknown>)) {
          const why = refusal(fn.access, fn.borough, call);
          if (why) throw new TableAccessDeniedError(fn.service, why);
        }
      }
      return next(args);
    },
    // Keys are read whether or not the document client has marshalled them yet.
    { step: 'initialize', name: 'localTableAccess' },
  );
};

/** Wraps a handler so that what it does runs as `service` of `borough` would in AWS. */
export const asFunction =
  <A extends unknown[], R>(fn: Running, handler: (...args: A) => Promise<R>) =>
  (...args: A): Promise<R> =>
    running.run(fn, () => handler(...args));
