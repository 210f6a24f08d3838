import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Deps } from '../../shared/runtime/deps';
import { deliver, outboxEventOf } from './deliver';

/**
 * The stream side of the notifications function: each record on its own (Powertools batch), so that
 * a failing one is reported alone (partial batch response) and retried, then dead-lettered.
 */
export const makeStreamHandler = (deps: Deps) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const { logger } = deps.observability;
  const record = async (r: DynamoDBRecord): Promise<void> => {
    const event = outboxEventOf(r);
    if (!event) return;
    const delivered = await deliver(deps, event);
    logger.info('delivered', { eventId: event.id, type: event.type, recipients: delivered.length });
  };
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => processPartialResponse(event, record, processor, { context });
};
