// js-yaml 3 ships no types, and @types/js-yaml is not installed: what scripts/clinical-safety/hazard-log.ts uses of it.
declare module 'js-yaml' {
  export interface Schema {
    readonly __schema: unique symbol;
  }
  /** Plain scalars only: strings, numbers, booleans, null (no dates, no custom tags). */
  export const CORE_SCHEMA: Schema;
  /** Parses one YAML document with the safe loader (no JavaScript types). Throws a YAMLException naming the line. */
  export function safeLoad(text: string, options?: { filename?: string; schema?: Schema; json?: boolean }): unknown;
}
