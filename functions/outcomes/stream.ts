import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { withActivity, type PatientOutcomeFacts } from '../../shared/domain/outcomes';
import type { Deps } from '../../shared/runtime/deps';
import { activityAt, PART_OF_ENTITY, patientOfKey, readPart } from '../../shared/store/outcome-sources';
import { applyPatientChange } from '../../shared/store/outcomes-repository';

/**
 * Keeps the outcome aggregates up to date from the table's stream: each changed plan, questionnaire,
 * PHB request or piece of the patient's own activity moves that patient's contribution. Records are
 * handled one by one (Powertools batch: a failing one is retried alone, then dead-lettered).
 */
export const makeOutcomesStreamHandler = (deps: Deps) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const borough = deps.config.borough.id;
  const record = async (r: DynamoDBRecord): Promise<void> => {
    const image = r.dynamodb?.NewImage;
    if (!image || r.eventName === 'REMOVE') return;
    const item = unmarshall(image as Record<string, AttributeValue>);
    const patientId = patientOfKey(borough, String(item.pk));
    if (!patientId) return;
    const part = PART_OF_ENTITY[String(item.entity)];
    const at = activityAt(item);
    if (!part && !at) return;
    const fresh = part ? await readPart(deps.store, borough, patientId, part) : {};
    const change = (facts: PatientOutcomeFacts): PatientOutcomeFacts => {
      const next: PatientOutcomeFacts = { ...facts, ...fresh };
      // A questionnaire part read back empty means none: drop what was there.
      if (part === 'reqol' && !fresh.reqol) delete next.reqol;
      return at ? withActivity(next, at) : next;
    };
    const wrote = await applyPatientChange(deps.store, borough, patientId, change, deps.config.borough.reqol);
    deps.observability.logger.debug('outcomes', { entity: String(item.entity), wrote });
  };
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => processPartialResponse(event, record, processor, { context });
};
