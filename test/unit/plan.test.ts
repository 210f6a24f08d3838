import { emptyPlan, LIMITS, planChanges, PlanRuleError, type Author } from '../../shared/domain/plan';

const at = '2026-11-23T12:00:00.000Z';
const sally: Author = { userId: 'sally', asPatient: true };
const miriam: Author = { userId: 'miriam', org: 'elft', asPatient: false };
const coach: Author = { userId: 'coach', org: 'core-sport', asPatient: false };

const withGoal = () => planChanges.addGoal(emptyPlan('sally'), 'g1', { category: 'social', description: 'See friends' }, at);

describe('plan changes', () => {
  it('every change bumps the version', () => {
    const plan = withGoal();
    expect(plan.version).toBe(1);
    expect(planChanges.addStep(plan, 'g1', 's1', 'Text Amy', sally, at).version).toBe(2);
  });

  it('caps goals so that a plan fits in one item', () => {
    let plan = emptyPlan('sally');
    for (let i = 0; i < LIMITS.goals; i++) plan = planChanges.addGoal(plan, `g${i}`, { category: 'mental', description: 'x' }, at);
    expect(() => planChanges.addGoal(plan, 'one-more', { category: 'mental', description: 'x' }, at)).toThrow(PlanRuleError);
  });

  it('a contributor changes only their own steps; the patient changes any', () => {
    let plan = planChanges.addStep(withGoal(), 'g1', 'mine', 'Text Amy', sally, at);
    plan = planChanges.addStep(plan, 'g1', 'theirs', 'Join the group', miriam, at);
    expect(() => planChanges.changeStep(plan, 'g1', 'mine', { text: 'x' }, miriam, at)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => planChanges.removeStep(plan, 'g1', 'mine', miriam, at)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => planChanges.removeStep(plan, 'g1', 'theirs', coach, at)).toThrow(expect.objectContaining({ status: 403 }));
    expect(planChanges.changeStep(plan, 'g1', 'theirs', { done: true }, miriam, at).goals.g1!.steps[1]).toMatchObject({ done: true, doneAt: at });
    expect(planChanges.removeStep(plan, 'g1', 'theirs', sally, at).goals.g1!.steps.map((s) => s.stepId)).toEqual(['mine']);
  });

  it('closing a goal records the achievement; null opens it again', () => {
    const closed = planChanges.changeGoal(withGoal(), 'g1', { achievement: 'achieved' }, at);
    expect(closed.goals.g1).toMatchObject({ status: 'closed', achievement: 'achieved', closedAt: at });
    expect(() => planChanges.setRag(closed, 'g1', { status: 'green', updateId: 'u' }, at)).toThrow(expect.objectContaining({ status: 409 }));
    const reopened = planChanges.changeGoal(closed, 'g1', { achievement: null }, at);
    expect(reopened.goals.g1).toMatchObject({ status: 'active' });
    expect(reopened.goals.g1!.achievement).toBeUndefined();
  });

  it('unknown goals and steps are 404s', () => {
    expect(() => planChanges.addStep(withGoal(), 'nope', 's', 'x', sally, at)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => planChanges.changeStep(withGoal(), 'g1', 'nope', { done: true }, sally, at)).toThrow(expect.objectContaining({ status: 404 }));
  });
});
