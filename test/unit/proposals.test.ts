import { emptyPlan, type Author } from '../../shared/domain/plan';
import { acceptedWords, acceptProposal, declineProposal, proposalIdFor, type Proposal } from '../../shared/domain/proposals';

const miriam: Author = { userId: 'miriam', org: 'elft', asPatient: false, name: 'Miriam Okafor', label: 'Miriam Okafor, Psychotherapist, ELFT' };
const sally: Author = { userId: 'sally', asPatient: true, name: 'Sally Brown', label: 'Sally Brown' };
const at = '2026-11-30T10:00:00.000Z';
const ids = { goalId: 'g1', stepIds: (i: number) => `s${i + 1}` };
const goalProposal: Proposal = {
  proposalId: 'p1',
  proposal: { kind: 'goal', category: 'physical', description: 'Walk to Victoria Park', targetDate: '2027-03-31', steps: ['Walk to the shop', 'Walk to the gates'] },
  status: 'proposed',
  proposedBy: miriam,
  proposedAt: at,
};

describe('proposals', () => {
  it('ids sort by the time they were made and are path-safe', () => {
    // Prepare / Act
    const earlier = proposalIdFor('2026-11-30T09:59:59.999Z', 'b');
    const later = proposalIdFor(at, 'a');
    // Assess
    expect(later).toBe('20261130T100000000Z-a');
    expect(earlier < later).toBe(true);
    expect(later).toMatch(/^[A-Za-z0-9._~-]+$/);
  });

  it('accepting word for word adds the goal and its steps, signed by their proposer, in one version', () => {
    const { plan, proposal } = acceptProposal(emptyPlan('sally'), goalProposal, {}, ids, sally, at);
    expect(plan.version).toBe(1);
    expect(plan.goals.g1).toMatchObject({ description: 'Walk to Victoria Park', targetDate: '2027-03-31' });
    expect(plan.goals.g1?.steps.map((s) => [s.stepId, s.addedBy.userId])).toEqual([
      ['s1', 'miriam'],
      ['s2', 'miriam'],
    ]);
    expect(proposal).toMatchObject({ status: 'accepted', edited: false, goalId: 'g1', decidedAt: at });
  });

  it("an edited acceptance takes the patient's words; her new steps are hers, the target date can be removed", () => {
    const { plan, proposal } = acceptProposal(emptyPlan('sally'), goalProposal, { goal: { targetDate: null, steps: ['Walk to the shop', 'Walk with Jo'] } }, ids, sally, at);
    expect(plan.goals.g1?.targetDate).toBeUndefined();
    expect(plan.goals.g1?.steps.map((s) => [s.text, s.addedBy.userId])).toEqual([
      ['Walk to the shop', 'miriam'],
      ['Walk with Jo', 'sally'],
    ]);
    expect(proposal.edited).toBe(true);
  });

  it('a section proposal changes that section only', () => {
    const section: Proposal = { ...goalProposal, proposal: { kind: 'section', section: 'mySupportNetwork', text: 'My sister Jo' } };
    const base = { ...emptyPlan('sally'), sections: { whatMattersToMe: 'Biscuit', whatHelpsMeStayWell: 'Walks', mySupportNetwork: '' }, version: 4 };
    const { plan } = acceptProposal(base, section, {}, ids, sally, at);
    expect(plan.sections).toEqual({ whatMattersToMe: 'Biscuit', whatHelpsMeStayWell: 'Walks', mySupportNetwork: 'My sister Jo' });
    expect(plan.version).toBe(5);
    expect(() => acceptedWords(section.proposal, { goal: { description: 'x' } })).toThrow(/section/);
  });

  it('a decided proposal cannot be decided again', () => {
    const declined = declineProposal(goalProposal, '  Not now  ', at);
    expect(declined).toMatchObject({ status: 'declined', reason: 'Not now' });
    expect(declineProposal(goalProposal, '   ', at).reason).toBeUndefined();
    expect(() => declineProposal(declined, undefined, at)).toThrow(/already declined/);
    expect(() => acceptProposal(emptyPlan('sally'), declined, {}, ids, sally, at)).toThrow(/already declined/);
  });
});
