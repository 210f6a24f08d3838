import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import { planKey } from './plan-repository';

/**
 * One goal's title (its description), read alone from the patient's plan: for an in-app
 * notification to someone with consent to see the plan, never for a log or a message.
 */
export const readGoalTitle = async (store: Store, borough: string, patientId: string, goalId: string): Promise<string | undefined> => {
  const answer = await store.doc.send(
    new GetCommand({
      TableName: store.tableName,
      Key: planKey(borough, patientId),
      ProjectionExpression: '#goals.#goal.#description',
      ExpressionAttributeNames: { '#goals': 'goals', '#goal': goalId, '#description': 'description' },
    }),
  );
  const goals = answer.Item?.goals as Record<string, { description?: unknown } | undefined> | undefined;
  // An own property only: a goal id like `constructor` must not find something of every object.
  const goal = goals && Object.hasOwn(goals, goalId) ? goals[goalId] : undefined;
  return typeof goal?.description === 'string' ? goal.description : undefined;
};
