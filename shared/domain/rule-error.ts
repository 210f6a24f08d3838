/**
 * Why a rule of the domain refused a change. The domain says what it means; the http layer
 * (shared/http/to-problem.ts) decides how to answer it: not-allowed 403, not-found 404, conflict 409.
 */
export type Refusal = 'not-allowed' | 'not-found' | 'conflict';

/** A change a rule of the domain refuses, with a message for the person who asked. */
export class RuleError extends Error {
  constructor(
    readonly refusal: Refusal,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
