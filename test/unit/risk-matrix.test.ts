import { LIKELIHOODS, RISK_MATRIX, SEVERITIES, riskRating, type Likelihood, type Severity } from '../../scripts/clinical-safety/risk-matrix';

/** The matrix of DCB0129's implementation guidance, cell by cell: likelihood (L1 very low to L5 very high) and severity (S1 minor to S5 catastrophic). */
const STANDARD: Record<1 | 2 | 3 | 4 | 5, string[]> = {
  1: ['L1-S1', 'L1-S2', 'L2-S1'],
  2: ['L1-S3', 'L1-S4', 'L2-S2', 'L2-S3', 'L3-S1', 'L3-S2', 'L4-S1'],
  3: ['L1-S5', 'L2-S4', 'L3-S3', 'L3-S4', 'L4-S2', 'L4-S3', 'L5-S1'],
  4: ['L2-S5', 'L3-S5', 'L4-S4', 'L5-S2', 'L5-S3'],
  5: ['L4-S5', 'L5-S4', 'L5-S5'],
};

describe('the DCB0129 risk matrix', () => {
  it('rates every pair of likelihood and severity as the standard does', () => {
    for (const [rating, cells] of Object.entries(STANDARD)) {
      for (const cell of cells) {
        const [, l, s] = /^L(\d)-S(\d)$/.exec(cell)!;
        const [likelihood, severity] = [LIKELIHOODS[Number(l) - 1] as Likelihood, SEVERITIES[Number(s) - 1] as Severity];
        expect({ cell, rating: riskRating(severity, likelihood) }).toEqual({ cell, rating: Number(rating) });
      }
    }
    expect(Object.values(STANDARD).flat()).toHaveLength(25);
  });

  it('is a lookup, not a product: a major harm of low likelihood is 3, a catastrophic one of very low likelihood 3', () => {
    expect(riskRating('major', 'low')).toBe(3);
    expect(riskRating('catastrophic', 'very low')).toBe(3);
    expect(riskRating('minor', 'very high')).toBe(3);
  });

  it('never rates a worse severity or a likelier harm lower', () => {
    for (const likelihood of LIKELIHOODS) {
      const row = RISK_MATRIX[likelihood];
      expect([...row]).toEqual([...row].sort((a, b) => a - b));
    }
    for (const [i, severity] of SEVERITIES.entries()) {
      const column = LIKELIHOODS.map((l) => RISK_MATRIX[l][i]!);
      expect({ severity, column }).toEqual({ severity, column: [...column].sort((a, b) => a - b) });
    }
  });
});
