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

export const ReqolBody = z.strictObject({
  scores: z.array(z.int().check(z.minimum(0), z.maximum(4))).check(z.length(10, 'must hold the 10 item scores')),
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
