import type { Purchase } from '../domain/finance-csv';
import type { PhbState } from '../domain/phb';
import type { Store } from '../runtime/deps';
import { phbQueueKey } from './keys';
import { queryAll } from './query-all';
import { WORK_QUEUE_INDEX } from './table-definition';

/** The states of a bought request: an order was recorded, then the delivery, then the review or an advisor closed it. */
const BOUGHT: readonly PhbState[] = ['ordered', 'delivered', 'closed'];

/**
 * Every request bought with the money of a financial year (its approval's year), from the work-queue
 * index's partitions of the bought states, read together. A request was submitted before it was
 * approved, so none submitted after the year's end is read; the rest are filtered by year. Only the
 * attributes finance needs are read: nothing the patient wrote leaves the table.
 * @example const purchases = await purchasesOfYear(store, 'city-and-hackney', 2026);
 */
export const purchasesOfYear = async (store: Store, borough: string, fy: number): Promise<Purchase[]> => {
  const parts = await Promise.all(
    BOUGHT.map((status) =>
      queryAll(store, {
        IndexName: WORK_QUEUE_INDEX.name,
        // Sort keys begin with the submission instant (UTC), as financial years are counted; but a
        // delivered request stands by the day its review falls due (queuePosition), so it is not bounded.
        KeyConditionExpression: `${WORK_QUEUE_INDEX.partitionKey} = :partition${status === 'delivered' ? '' : ` AND ${WORK_QUEUE_INDEX.sortKey} < :yearEnd`}`,
        FilterExpression: 'financialYear = :fy AND attribute_exists(#o)',
        ProjectionExpression: 'requestId, patientId, category, amountPence, #s, deliveredOn, #o.supplier, #o.orderReference, #o.actualCostPence, #o.orderedAt',
        ExpressionAttributeNames: { '#s': 'status', '#o': 'order' },
        ExpressionAttributeValues: { ':partition': phbQueueKey(borough, status), ':fy': fy, ...(status === 'delivered' ? {} : { ':yearEnd': `${fy + 1}-04-01` }) },
      }),
    ),
  );
  return parts.flat() as unknown as Purchase[];
};
