import { displayName, type Person } from '../../shared/domain/people';
import { type LegalHold, type Retention, type RetentionView } from '../../shared/domain/retention';
import type { RouteContext } from '../../shared/http/route';
import { patientRecord } from '../../shared/record/patient-record';
import { keyId } from '../../shared/store/batch-get';
import { directoryUserKey, fromDirectoryItem, getPeople } from '../../shared/store/directory-repository';
import { fromRetentionItem, putRetentionItem, retentionKey } from '../../shared/store/retention-repository';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/** The retention as an operator sees it: who set a hold by name, never by id. */
const viewOf = async (ctx: AnyContext, retention: Retention | undefined, known?: Person): Promise<RetentionView> => {
  const hold = retention?.legalHold;
  // Who set it: the caller, already read with the record, or read by key.
  const setBy = !hold ? undefined : known?.userId === hold.setBy ? known : (await getPeople(ctx.deps.store, ctx.deps.config.borough.id, [hold.setBy])).get(hold.setBy);
  return {
    ...(retention?.closedAt ? { closedAt: retention.closedAt } : {}),
    ...(retention?.retainUntil ? { retainUntil: retention.retainUntil } : {}),
    ...(hold ? { legalHold: { reason: hold.reason, setAt: hold.setAt, setBy: setBy ? displayName(setBy) : 'Someone no longer in the directory' } } : {}),
  };
};

/** An operator reads a record's retention and hold (audited in the patient's access log). */
export const readRetentionOf = async (ctx: AnyContext): Promise<RetentionView> => {
  const borough = ctx.deps.config.borough.id;
  const read = await patientRecord(ctx).read((p) => [retentionKey(borough, p)]);
  return viewOf(ctx, fromRetentionItem(read.item(retentionKey(borough, read.patientId))));
};

/**
 * An operator sets (a reason) or clears (none) the legal hold on a record, open or closed: audited in
 * the patient's access log in the same transaction; the reason is kept for operators only. A held
 * record leaves the retention sweep's index; cleared, it goes back by its date, so that a hold cleared
 * after the date lets the next sweep remove the record.
 */
export const changeLegalHold = async (ctx: AnyContext, reason: string | undefined): Promise<RetentionView> => {
  const borough = ctx.deps.config.borough.id;
  let caller: Person | undefined;
  const next = await patientRecord(ctx).write(
    (p) => [retentionKey(borough, p)],
    ({ patientId, actor, found }) => {
      const entry = found.get(keyId(directoryUserKey(borough, actor.id)));
      caller = entry ? fromDirectoryItem(entry) : undefined;
      const current = fromRetentionItem(found.get(keyId(retentionKey(borough, patientId))));
      const { legalHold: _old, ...rest } = current ?? { version: 0 };
      const hold: LegalHold | undefined = reason === undefined ? undefined : { reason, setAt: ctx.deps.clock().toISOString(), setBy: actor.id };
      const retention: Retention = { ...rest, ...(hold ? { legalHold: hold } : {}), version: (current?.version ?? 0) + 1 };
      return { items: [putRetentionItem(ctx.deps.store, borough, patientId, retention, current?.version ?? 0)], result: retention, onConditionFailed: () => 'retry' };
    },
  );
  return viewOf(ctx, next, caller);
};
