import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { proposalTitle, type Proposal, type ProposalWords } from '../domain/proposals';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import { withoutKeys } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

export const proposalKey = (borough: string, patientId: string, proposalId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `${SK.proposalPrefix}${proposalId}` });

export const fromProposalItem = (item: Item | undefined): Proposal | undefined => (item?.entity === 'proposal' ? (withoutKeys(item) as unknown as Proposal) : undefined);

/** A new proposal: written once, never over another. */
export const putNewProposal = (store: Store, borough: string, patientId: string, proposal: Proposal): TransactItem => ({
  Put: { TableName: store.tableName, Item: { ...proposalKey(borough, patientId, proposal.proposalId), entity: 'proposal', ...proposal }, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** A decision on a proposal: only while it is still open, so that it is decided once. */
export const putDecidedProposal = (store: Store, borough: string, patientId: string, proposal: Proposal): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...proposalKey(borough, patientId, proposal.proposalId), entity: 'proposal', ...proposal },
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'proposed' },
  },
});

/**
 * What a proposal is about, read alone: for an in-app notification to its proposer (who has consent
 * to see the plan), never for a log or a message. The accepted words when there are some.
 */
export const readProposalTitle = async (store: Store, borough: string, patientId: string, proposalId: string): Promise<string | undefined> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: proposalKey(borough, patientId, proposalId), ProjectionExpression: 'proposal, accepted' }));
  const words = (Item?.accepted ?? Item?.proposal) as ProposalWords | undefined;
  return words ? proposalTitle(words) : undefined;
};
