/**
 * The value a record holds under `key` itself, never one that every object inherits (`constructor`,
 * `__proto__`, `toString`, ...): the way to look anything up by an id or a code from outside.
 * @example ownValue(plan.goals, 'constructor') // undefined
 */
export const ownValue = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);
