import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { resolvePatientId } from '../record/patient-record';
import type { Deps } from '../runtime/deps';
import { idempotencyRecords } from '../store/idempotency-records';
import { ProblemError, ValidationProblemError } from './problem';
import { PATIENT_PARAM, type RouteContext } from './route';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/**
 * What Powertools hashes. The key binds to the operation (so the same key on two routes is two
 * requests), the caller and the patient as resolved (`me` and their id are one request); the rest of
 * the path (e.g. the goal) and the body must be the same again, or the key is misused.
 */
interface Call {
  operation: string;
  actorId: string;
  patientId: string;
  key: string;
  request: { params: Record<string, unknown>; body: unknown };
}

/** One idempotent runner per deps (per borough table), made on first use; it serves every route. */
interface Runner {
  config: IdempotencyConfig;
  run: (call: Call, work: () => Promise<unknown>) => Promise<unknown>;
}
const runners = new WeakMap<Deps, Runner>();

const runnerFor = (deps: Deps): Runner => {
  const existing = runners.get(deps);
  if (existing) return existing;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[operation, actorId, patientId, key]',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: 24 * 3600,
    throwOnNoIdempotencyKey: true,
  });
  // Only the first argument is hashed: the work to do travels beside it.
  const run = makeIdempotent(async (_call: Call, work: () => Promise<unknown>) => work(), { persistenceStore: idempotencyRecords(deps.store, deps.config.borough.id), config });
  const runner: Runner = { config, run };
  runners.set(deps, runner);
  return runner;
};

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Runs a route's work at most once per `Idempotency-Key` header: a retry with the same key answers
 * the first result (stored in the borough table for 24 hours) and does nothing; the same key with
 * another request is 422 and a retry while the first still runs is 409, both on
 * `header.idempotency-key`; a malformed key is 400. Without the header the work simply runs.
 * What `work` returns is what a retry gets back, so it must be the whole answer (JSON).
 * @example handle: async (ctx) => jsonResponse(201, await idempotentCall(ctx, () => submit(ctx)))
 */
export const idempotentCall = async <T>(ctx: AnyContext, work: () => Promise<T>): Promise<T> => {
  const key = ctx.headers.get('idempotency-key');
  if (key === null) return work();
  if (!KEY.test(key))
    throw new ValidationProblemError(400, 'Idempotency-Key must be 8 to 128 letters, digits or _.:-', [{ field: 'header.idempotency-key', detail: 'must be 8 to 128 letters, digits or _.:-' }]);
  const { actor, patientId } = resolvePatientId(ctx);
  const { [PATIENT_PARAM]: _named, ...params } = (ctx.params ?? {}) as Record<string, unknown>;
  const runner = runnerFor(ctx.deps);
  // Lets Powertools expire an in-progress record no later than this invocation could run.
  runner.config.registerLambdaContext(ctx.lambda);
  try {
    return (await runner.run({ operation: ctx.operation, actorId: actor.id, patientId, key, request: { params, body: ctx.body } }, work)) as T;
  } catch (error) {
    if (error instanceof IdempotencyValidationError)
      throw new ValidationProblemError(422, 'This Idempotency-Key was used with another request.', [{ field: 'header.idempotency-key', detail: 'was already used with a different request' }]);
    if (error instanceof IdempotencyAlreadyInProgressError)
      throw new ProblemError(409, 'in-progress', 'Conflict', 'The first request with this key is still being processed; retry shortly.', {}, { 'retry-after': '1' });
    throw error;
  }
};
