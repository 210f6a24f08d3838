import * as z from 'zod/mini';
import { PatientBanner } from '../../shared/domain/people';
import { acceptProposal, AcceptanceBody, declineProposal, DeclineBody, ProposalBody, proposalIdFor, proposalWords, withdrawProposal, type Proposal } from '../../shared/domain/proposals';
import { PlanRuleError } from '../../shared/domain/plan';
import type { Page } from '../../shared/http/pagination';
import { etag } from '../../shared/http/preconditions';
import { ForbiddenError } from '../../shared/http/problem';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { jsonResponse } from '../../shared/http/responses';
import { bannerFrom, patientPageSchema, signOne, signWriters } from '../../shared/record/named-people';
import { newestFirstPage } from '../../shared/record/patient-lists';
import type { PatientWrite } from '../../shared/record/patient-record';
import { keyId } from '../../shared/store/batch-get';
import { SK } from '../../shared/store/keys';
import { fromProposalItem, proposalKey, putDecidedProposal, putNewProposal } from '../../shared/store/proposal-repository';
import { changePlan, planEvent } from './plan-writes';
import { PageQuery, ProposalParams, ProposalView } from './schemas';

type ProposalViewT = z.infer<typeof ProposalView>;
type Params = z.infer<typeof ProposalParams>;
type AnyContext = RouteContext<unknown, unknown, unknown>;

const PLAN_READ = { kind: 'patient-data', action: 'plan:read', roles: ['clinician', 'phb-advisor'] } as const;
const PLAN_WRITE = { kind: 'patient-data', action: 'plan:write', roles: [] } as const;
const PLAN_CONTRIBUTE = { kind: 'patient-data', action: 'plan:contribute', roles: ['clinician'] } as const;
const EXAMPLE = { proposalId: 'proposal-example' };

const signed = async (ctx: AnyContext, proposal: Proposal): Promise<ProposalViewT> => ({ ...proposal, proposedBy: await signOne(ctx, proposal.proposedBy) });

/** The open proposal the path names, from what the write read with the plan; 404 when there is none. */
const proposalIn = (ctx: RouteContext<unknown, unknown, Params>, write: PatientWrite): Proposal => {
  const proposal = fromProposalItem(write.found.get(keyId(proposalKey(ctx.deps.config.borough.id, write.patientId, ctx.params.proposalId))));
  if (!proposal) throw new PlanRuleError('not-found', 'No such proposal for this plan.');
  return proposal;
};

const readWithPlan = (ctx: RouteContext<unknown, unknown, Params>) => (patientId: string) => [proposalKey(ctx.deps.config.borough.id, patientId, ctx.params.proposalId)];

/** Someone else decided it between our read and our write: answered as the rule would on a fresh read. */
const alreadyDecided = (): Error => new PlanRuleError('conflict', 'This proposal was already decided.');

/** What the proposer hears of the patient's decision: ids and codes only (notifications give names in-app). */
const decisionEvent = (ctx: AnyContext, write: PatientWrite, type: string, at: string, proposal: Proposal) =>
  ctx.deps.publisher.outboxItem(
    planEvent(ctx, write.patientId, type, at, {
      proposalId: proposal.proposalId,
      kind: proposal.proposal.kind,
      proposerId: proposal.proposedBy.userId,
      ...(proposal.goalId ? { goalId: proposal.goalId } : {}),
    }),
  );

/**
 * Proposals: a contributor (plan:contribute) proposes a goal with steps or new words for a section;
 * the patient alone accepts (word for word or edited) or declines; the proposer is told. Part of the
 * plans service's one route table (routes.ts).
 */
export const proposalRoutes: readonly Route[] = [
  defineRoute<z.infer<typeof ProposalBody>, Record<string, never>, { patientId: string }, ProposalViewT>({
    method: 'POST',
    path: '/patients/{patientId}/proposals',
    summary: "Propose a goal (with steps) or new words for a section of the patient's plan: a contributor (plan:contribute); the patient decides",
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    body: ProposalBody,
    response: { status: 201, schema: ProposalView },
    example: { body: { kind: 'goal', category: 'physical', description: 'Walk to Victoria Park', steps: ['Walk to the corner shop'] } },
    handle: async (ctx) => {
      const made = await changePlan(ctx, 'append', (_plan, write, at, author) => {
        // On their own plan the patient simply writes it: proposals are their care team's.
        if (write.self) throw new ForbiddenError('This is your own plan: add the goal or change the section yourself.');
        const proposal: Proposal = { proposalId: proposalIdFor(at, ctx.deps.ids()), proposal: proposalWords(ctx.body), status: 'proposed', proposedBy: author, proposedAt: at };
        const event = planEvent(ctx, write.patientId, 'proposal.made', at, { proposalId: proposal.proposalId, kind: proposal.proposal.kind, byUserId: author.userId });
        return { items: [putNewProposal(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, proposal), ctx.deps.publisher.outboxItem(event)], result: proposal };
      });
      return jsonResponse(201, await signed(ctx, made));
    },
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, { patientId: string }, Page<ProposalViewT> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/proposals',
    summary: 'Proposals for the plan, newest first, paginated: open, accepted (with the words accepted) and declined (with the reason)',
    tags: ['plans'],
    access: PLAN_READ,
    query: PageQuery,
    response: { status: 200, schema: patientPageSchema(ProposalView) },
    handle: async (ctx) => {
      const read = await newestFirstPage<Proposal>(ctx, SK.proposalPrefix);
      const sign = await signWriters(
        ctx,
        read.page.items.map((p) => p.proposedBy),
      );
      return { ...read.page, items: read.page.items.map((p) => ({ ...p, proposedBy: sign(p.proposedBy) })), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof AcceptanceBody>, Record<string, never>, Params, ProposalViewT>({
    method: 'POST',
    path: '/patients/{patientId}/proposals/{proposalId}/acceptance',
    summary: 'The patient accepts a proposal, word for word or with their own words (`goal` or `section`): the plan changes with it (If-Match: the plan version)',
    tags: ['plans'],
    access: PLAN_WRITE,
    params: ProposalParams,
    body: AcceptanceBody,
    response: { status: 200, schema: ProposalView },
    example: { params: EXAMPLE, body: {}, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const goalId = ctx.deps.ids();
      // An acceptance may rewrite a section: made only on the version the patient saw (412 otherwise).
      const { proposal, version } = await changePlan(
        ctx,
        'edit',
        (plan, write, at, author) => {
          const accepted = acceptProposal(plan, proposalIn(ctx, write), ctx.body, { goalId, stepIds: (i) => `${goalId}-s${i + 1}` }, author, at);
          return {
            next: accepted.plan,
            items: [putDecidedProposal(ctx.deps.store, borough, write.patientId, accepted.proposal), decisionEvent(ctx, write, 'proposal.accepted', at, accepted.proposal)],
            result: { proposal: accepted.proposal, version: accepted.plan.version },
            onItemConditionFailed: (index) => (index === 0 ? alreadyDecided() : new Error(`write ${index} of an acceptance failed its condition`)),
          };
        },
        readWithPlan(ctx),
      );
      return jsonResponse(200, await signed(ctx, proposal), etag(version));
    },
  }),
  defineRoute<z.infer<typeof DeclineBody>, Record<string, never>, Params, ProposalViewT>({
    method: 'POST',
    path: '/patients/{patientId}/proposals/{proposalId}/decline',
    summary: 'The patient declines a proposal, with a reason if they wish; the proposer is told',
    tags: ['plans'],
    access: PLAN_WRITE,
    params: ProposalParams,
    body: DeclineBody,
    response: { status: 200, schema: ProposalView },
    example: { params: EXAMPLE, body: { reason: 'Not right now' } },
    handle: async (ctx) => {
      const declined = await changePlan(
        ctx,
        'append',
        (_plan, write, at) => {
          const decided = declineProposal(proposalIn(ctx, write), ctx.body.reason, at);
          return {
            items: [putDecidedProposal(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, decided), decisionEvent(ctx, write, 'proposal.declined', at, decided)],
            result: decided,
            onItemConditionFailed: (index) => (index === 0 ? alreadyDecided() : new Error(`write ${index} of a decline failed its condition`)),
          };
        },
        readWithPlan(ctx),
      );
      return jsonResponse(200, await signed(ctx, declined));
    },
  }),
  defineRoute<undefined, Record<string, never>, Params, ProposalViewT>({
    method: 'POST',
    path: '/patients/{patientId}/proposals/{proposalId}/withdrawal',
    summary: 'Its proposer withdraws a proposal the patient has not decided yet (plan:contribute; only who proposed it)',
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    params: ProposalParams,
    response: { status: 200, schema: ProposalView },
    example: { params: EXAMPLE },
    handle: async (ctx) => {
      const withdrawn = await changePlan(
        ctx,
        'append',
        (_plan, write, at, author) => {
          const decided = withdrawProposal(proposalIn(ctx, write), author, at);
          return {
            items: [putDecidedProposal(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, decided)],
            result: decided,
            onItemConditionFailed: () => alreadyDecided(),
          };
        },
        readWithPlan(ctx),
      );
      return jsonResponse(200, await signed(ctx, withdrawn));
    },
  }),
];
