/** The reason codes of a cancelled TransactWriteItems, by item; undefined when the error is something else. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []).map((r) => r.Code) : undefined;
};

/** Whether a transaction was cancelled because one of its items hit one of `codes`. */
export const cancelledBy = (error: unknown, codes: readonly string[]): boolean => (cancellationCodes(error) ?? []).some((c) => c !== undefined && codes.includes(c));

/**
 * Whether a write was refused by its own condition: a single put or update (ConditionalCheckFailed-
 * Exception), or a transaction one of whose items failed its condition. Not a transaction that
 * collided with another one at the same moment (TransactionConflict): that is worth trying again.
 */
export const conditionFailed = (error: unknown): boolean => (error as { name?: string }).name === 'ConditionalCheckFailedException' || cancelledBy(error, ['ConditionalCheckFailed']);

/** Whether a transaction was cancelled only because another one touched the same items at once. */
export const collided = (error: unknown): boolean => cancelledBy(error, ['TransactionConflict']) && !cancelledBy(error, ['ConditionalCheckFailed']);
