// The risk matrix of DCB0129 and DCB0160 (NHS clinical risk management standards for the manufacture
// and the deployment of health IT systems), as data: the five severities (consequences) and five
// likelihoods of the standards' implementation guidance, the matrix that looks a pair of them up to a
// risk rating of 1 to 5 (a lookup, not a product), and what each rating means for acceptance.
// test/unit/risk-matrix.test.ts holds the table to the standard's cells.

/** Consequence of the harm, least to worst (DCB0129 guidance, consequence definitions). */
export const SEVERITIES = ['minor', 'significant', 'considerable', 'major', 'catastrophic'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How likely the harm is, least to most (DCB0129 guidance, likelihood definitions). */
export const LIKELIHOODS = ['very low', 'low', 'medium', 'high', 'very high'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

export type RiskRating = 1 | 2 | 3 | 4 | 5;

export const SEVERITY_MEANING: Record<Severity, string> = {
  minor: 'minor injury or psychological upset recovered from in the short term; inconvenience',
  significant: 'injury or psychological trauma not recovered from in the short term (one patient); minor injuries or upset of several',
  considerable: 'severe injury, incapacity or psychological trauma from which recovery is expected (one patient); significant harm to several',
  major: 'death or permanent life-changing incapacity of one patient; severe injury or trauma of several',
  catastrophic: 'death or permanent life-changing incapacity of several patients',
};

export const LIKELIHOOD_MEANING: Record<Likelihood, string> = {
  'very low': 'negligible or nearly negligible possibility of occurring',
  low: 'could occur, but in the great majority of occasions will not',
  medium: 'possible',
  high: 'not certain, but very possible; reasonably expected to occur in the majority of cases',
  'very high': 'certain or almost certain; highly likely to occur',
};

/** The standard's example acceptability of each rating. */
export const RATING_MEANING: Record<RiskRating, string> = {
  1: 'acceptable, no further action required',
  2: 'acceptable where the cost of further reduction outweighs the benefits gained, or where further risk reduction is impractical',
  3: 'undesirable: attempts should be made to eliminate the hazard or add controls; acceptable only where further risk reduction is impractical',
  4: 'mandatory elimination of the hazard or addition of controls to reduce the risk to an acceptable level',
  5: 'unacceptable',
};

/**
 * The matrix: one row per likelihood (very low to very high), one column per severity (minor to
 * catastrophic), as DCB0129's implementation guidance draws it.
 */
export const RISK_MATRIX: Record<Likelihood, readonly [RiskRating, RiskRating, RiskRating, RiskRating, RiskRating]> = {
  'very high': [3, 4, 4, 5, 5],
  high: [2, 3, 3, 4, 5],
  medium: [2, 2, 3, 3, 4],
  low: [1, 2, 2, 3, 4],
  'very low': [1, 1, 2, 2, 3],
};

/**
 * The risk rating of a harm of this severity and likelihood.
 * @example riskRating('major', 'low') // 3
 */
export const riskRating = (severity: Severity, likelihood: Likelihood): RiskRating => RISK_MATRIX[likelihood][SEVERITIES.indexOf(severity)] as RiskRating;

/** A severity's number on the matrix's scale (1 to 5), as the safety case shows it: "major (4)". */
export const severityLevel = (severity: Severity): number => SEVERITIES.indexOf(severity) + 1;

/** A likelihood's number on the matrix's scale (1 to 5): "low (2)". */
export const likelihoodLevel = (likelihood: Likelihood): number => LIKELIHOODS.indexOf(likelihood) + 1;
