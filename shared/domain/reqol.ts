import * as z from 'zod/mini';

/**
 * ReQoL-10 (Recovering Quality of Life): ten items, each scored 0-4 with higher better (the form's
 * negatively worded items already reversed), total 0-40.
 *
 * Default thresholds, configurable per borough (`reqol` in the borough file):
 * - clinical cut-off 24: a total of 24 or less lies in the clinical range;
 * - reliable change 5: a change of at least 5 points is more than measurement error.
 * Source: Keetharuth AD, Brazier J, Connell J, et al. "Recovering Quality of Life (ReQoL): a new
 * generic self-reported outcome measure for use with people experiencing mental health
 * difficulties." British Journal of Psychiatry 2018;212(1):42-49, and the ReQoL user manual
 * (University of Sheffield, reqol.org.uk), which give these values for ReQoL-10.
 */
export const REQOL_DEFAULTS = { clinicalCutoff: 24, reliableChange: 5 } as const;

export const ReqolThresholds = z.strictObject({
  clinicalCutoff: z.int().check(z.minimum(0), z.maximum(40)),
  reliableChange: z.int().check(z.minimum(1), z.maximum(40)),
});
export type ReqolThresholds = z.infer<typeof ReqolThresholds>;

const zeroToFour = z.int().check(z.minimum(0), z.maximum(4));

/**
 * A response: either the `answers` the person picked (0 "None of the time" to 4 "Most or all of the
 * time"), scored here by the borough's item wording, or the item `scores` already scored (imports).
 */
export const ReqolBody = z.strictObject({
  answers: z.optional(z.array(zeroToFour).check(z.length(10, 'must hold the 10 answers'))),
  scores: z.optional(z.array(zeroToFour).check(z.length(10, 'must hold the 10 item scores'))),
  at: z.optional(z.iso.datetime({ offset: true })),
});

export const reqolTotal = (scores: readonly number[]): number => scores.reduce((a, b) => a + b, 0);

export const inClinicalRange = (total: number, t: ReqolThresholds): boolean => total <= t.clinicalCutoff;

export interface ReqolChange {
  changeSinceFirst: number;
  /** improved / deteriorated by at least the reliable-change threshold, or neither. */
  reliable: 'improved' | 'deteriorated' | 'no-reliable-change';
}

/** Change of a total against the patient's first response. */
export const changeSince = (firstTotal: number, total: number, t: ReqolThresholds): ReqolChange => {
  const change = total - firstTotal;
  return { changeSinceFirst: change, reliable: change >= t.reliableChange ? 'improved' : change <= -t.reliableChange ? 'deteriorated' : 'no-reliable-change' };
};

/**
 * The five answers to every ReQoL item, from "None of the time" to "Most or all of the time", as the
 * person picks them (0-4). Their score depends on the item's wording: a positively worded item scores
 * the answer itself, a negatively worded one scores it reversed (4 - answer), so higher is always better.
 */
export const REQOL_ANSWERS = ['None of the time', 'Only occasionally', 'Sometimes', 'Often', 'Most or all of the time'] as const;

/**
 * The questionnaire as a borough shows it. The ReQoL-10 item wording is the University of Sheffield's
 * and used under the licence a borough registers for (reqol.org.uk), so it is not in this code: each
 * borough file carries the wording it is licensed to show, with its copyright notice.
 */
export const ReqolQuestionnaire = z.strictObject({
  instructions: z.string().check(z.minLength(1), z.maxLength(400)),
  items: z.array(z.strictObject({ text: z.string().check(z.minLength(1), z.maxLength(120)), wording: z.enum(['positive', 'negative']) })).check(z.length(10, 'must hold the 10 items')),
  copyright: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type ReqolQuestionnaire = z.infer<typeof ReqolQuestionnaire>;

/** Item scores (higher is better) from the answers a person picked, by each item's wording. */
export const scoresFromAnswers = (answers: readonly number[], questionnaire: ReqolQuestionnaire): number[] =>
  answers.map((answer, i) => {
    const item = questionnaire.items[i];
    if (!item) throw new Error(`ReQoL-10 answer ${i + 1} has no item in the questionnaire`);
    return item.wording === 'positive' ? answer : 4 - answer;
  });
