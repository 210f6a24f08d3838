/** The reason codes of a cancelled TransactWriteItems, by item; undefined when the error is something else. */
export const cancellationCodes = (error: unknown): (string | undefined)[] | undefined => {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return e.name === 'TransactionCanceledException' ? (e.CancellationReasons ?? []).map((r) => r.Code) : undefined;
};

/** Whether a transaction was cancelled because one of its items hit one of `codes`. */
export const cancelledBy = (error: unknown, codes: readonly string[]): boolean => (cancellationCodes(error) ?? []).some((c) => c !== undefined && codes.includes(c));
