/** A ReQoL-10 response as the FHIR view needs it: the ten item scores and their total. */
export interface ReqolFacts {
  responseId: string;
  patientId: string;
  scores: readonly number[];
  total: number;
  at: string;
}

/** ReQoL-10 (its canonical questionnaire page); the items are `item-1`..`item-10`, then `total`. */
export const REQOL_10 = 'https://www.reqol.org.uk/p/reqol-10';

/** A ReQoL-10 response as a FHIR R4 QuestionnaireResponse: each item's score, then the total. */
export const toFhirQuestionnaireResponse = (r: ReqolFacts): Record<string, unknown> => ({
  resourceType: 'QuestionnaireResponse',
  id: r.responseId,
  questionnaire: REQOL_10,
  status: 'completed',
  subject: { reference: `Patient/${r.patientId}` },
  authored: r.at,
  item: [...r.scores.map((score, i) => ({ linkId: `item-${i + 1}`, answer: [{ valueInteger: score }] })), { linkId: 'total', answer: [{ valueInteger: r.total }] }],
});
