import { ownValue } from '../../shared/domain/own';
import { emptyPlan, findGoal, LIMITS, planChanges, PlanRuleError, type Author } from '../../shared/domain/plan';
import { fromPlanItem } from '../../shared/store/plan-repository';

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
    expect(() => planChanges.changeStep(plan, 'g1', 'mine', { text: 'x' }, miriam, at)).toThrow(expect.objectContaining({ refusal: 'not-allowed' }));
    expect(() => planChanges.removeStep(plan, 'g1', 'mine', miriam, at)).toThrow(expect.objectContaining({ refusal: 'not-allowed' }));
    expect(() => planChanges.removeStep(plan, 'g1', 'theirs', coach, at)).toThrow(expect.objectContaining({ refusal: 'not-allowed' }));
    expect(planChanges.changeStep(plan, 'g1', 'theirs', { done: true }, miriam, at).goals.g1!.steps[1]).toMatchObject({ done: true, doneAt: at });
    expect(planChanges.removeStep(plan, 'g1', 'theirs', sally, at).goals.g1!.steps.map((s) => s.stepId)).toEqual(['mine']);
  });

  it('closing a goal records the achievement; null opens it again', () => {
    const closed = planChanges.changeGoal(withGoal(), 'g1', { achievement: 'achieved' }, at);
    expect(closed.goals.g1).toMatchObject({ status: 'closed', achievement: 'achieved', closedAt: at });
    expect(() => planChanges.setRag(closed, 'g1', { status: 'green', updateId: 'u' }, at)).toThrow(expect.objectContaining({ refusal: 'conflict' }));
    const reopened = planChanges.changeGoal(closed, 'g1', { achievement: null }, at);
    expect(reopened.goals.g1).toMatchObject({ status: 'active' });
    expect(reopened.goals.g1!.achievement).toBeUndefined();
  });

  it('unknown goals and steps are refused as not found', () => {
    expect(() => planChanges.addStep(withGoal(), 'nope', 's', 'x', sally, at)).toThrow(expect.objectContaining({ refusal: 'not-found' }));
    expect(() => planChanges.changeStep(withGoal(), 'g1', 'nope', { done: true }, sally, at)).toThrow(expect.objectContaining({ refusal: 'not-found' }));
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'])(
    'goal id %s, a name every object inherits, is no goal: every change is a 404',
    (id) => {
      const plan = planChanges.addStep(withGoal(), 'g1', 's1', 'Text Amy', sally, at);
      expect(findGoal(plan, id)).toBeUndefined();
      const changes = [
        () => planChanges.changeGoal(plan, id, { description: 'x' }, at),
        () => planChanges.addStep(plan, id, 's2', 'x', sally, at),
        () => planChanges.changeStep(plan, id, 's1', { done: true }, sally, at),
        () => planChanges.removeStep(plan, id, 's1', sally, at),
        () => planChanges.setRag(plan, id, { status: 'red', updateId: 'u' }, at),
        () => planChanges.requireGoal(plan, id),
      ];
      for (const change of changes) expect(change).toThrow(expect.objectContaining({ refusal: 'not-found' }));
    },
  );
});

describe('lookups by an id from outside', () => {
  it('ownValue finds only what a record holds itself', () => {
    const record: Record<string, number> = { kg: 1 };
    expect(['kg', 'constructor', '__proto__', 'toString'].map((key) => ownValue(record, key))).toEqual([1, undefined, undefined, undefined]);
  });

  it('a stored plan keeps only goals under their own id, so one stored under an inherited name cannot break it', () => {
    const goal = withGoal().goals.g1!;
    // As DynamoDB hands back a map with such keys: `__proto__` set by assignment, the others as own keys.
    const goals: Record<string, unknown> = { g1: goal, constructor: { status: 'active', description: 'x' }, undefined: { rag: { status: 'red' } } };
    goals['__proto__'] = { goalId: 'g2' };
    const plan = fromPlanItem('sally', { pk: 'p', sk: 'PLAN', entity: 'plan', patientId: 'sally', sections: emptyPlan('sally').sections, goals, version: 3 });
    expect(Object.keys(plan.goals)).toEqual(['g1']);
    expect(Object.getPrototypeOf(plan.goals)).toBe(Object.prototype);
    expect(plan).toMatchObject({ patientId: 'sally', version: 3, goals: { g1: goal } });
  });
});
