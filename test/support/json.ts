/**
 * A JSON answer as tests read it: any depth of fields without a cast at each step. The schemas are
 * checked elsewhere (test/integration/response-schemas.test.ts); here it is the values that matter.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;
