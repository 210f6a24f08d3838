import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store } from '../runtime/deps';
import { idempotencyPartition } from '../store/keys';
import { callsOf } from '../store/table-access';

/**
 * The lock that makes the patient record the only door to a patient's data. While a patient-data
 * route handles a request (`behindTheDoor`), every call its function makes on the table fails until
 * the record (shared/record/patient-record.ts) has made the consent decision and allowed it; the
 * record's own reads (the data and grants it decides on) run inside the door (`insideTheDoor`). A
 * route that reads or writes without the record therefore fails on its first request, and the access
 * matrix test calls every route. Calls outside a patient-data request (streams, seeding) are not held.
 */
interface Gate {
  borough: string;
  operation: string;
  open: boolean;
}

interface Scope {
  gate: Gate;
  /** The record itself is deciding: its reads and the refusal's log pass. */
  inside: boolean;
}

const scope = new AsyncLocalStorage<Scope>();
const guarded = new WeakSet<object>();

/** A patient-data route touched the table without the record door: a defect, never the caller's fault. */
export class RecordDoorBypassedError extends Error {
  constructor(operation: string, command: string) {
    super(`${operation} called ${command} on a patient's data without the patient record (shared/record): consent was not decided`);
    this.name = 'RecordDoorBypassedError';
  }
}

/**
 * What may be touched before the decision: the Powertools idempotency records of the borough, which
 * are checked before a request is decided on; a record gives a caller back only the answer that
 * caller was given before (its key binds to them: shared/http/idempotent-call.ts).
 */
const beforeTheDecision = (borough: string, pk: string | undefined): boolean => pk === idempotencyPartition(borough);

/** Puts the lock on a store's client (once; the document client sends through it). */
export const guardStore = (store: Store): void => {
  if (guarded.has(store.client)) return;
  guarded.add(store.client);
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const current = scope.getStore();
      if (current && !current.inside && !current.gate.open) {
        const command = context.commandName ?? 'a command';
        const calls = callsOf(command, args.input as Record<string, unknown>);
        if (!calls.every((call) => beforeTheDecision(current.gate.borough, call.pk))) throw new RecordDoorBypassedError(current.gate.operation, command);
      }
      return next(args);
    },
    { step: 'initialize', name: 'patientRecordDoor' },
  );
};

/** Runs a patient-data route's handler with the table locked until the record lets it in. */
export const behindTheDoor = <R>(borough: string, operation: string, handle: () => Promise<R>): Promise<R> => scope.run({ gate: { borough, operation, open: false }, inside: false }, handle);

/** Runs the record's own work (the reads it decides on, a refusal's log) through the lock. */
export const insideTheDoor = <R>(work: () => Promise<R>): Promise<R> => {
  const current = scope.getStore();
  return current ? scope.run({ gate: current.gate, inside: true }, work) : work();
};

/** The record allowed this request: the route may now read and write what it was allowed. */
export const openTheDoor = (): void => {
  const current = scope.getStore();
  if (current) current.gate.open = true;
};
