import * as z from 'zod/mini';
import { MEASUREMENT_TYPES, MeasurementBody, SMOKING, withReqol, type HealthSummary, type Measurement } from '../../shared/domain/health';
import { CODES, LOINC, NHS_NUMBER_SYSTEM, toFhirObservation } from '../../shared/domain/fhir-observation';
import { toFhirQuestionnaireResponse } from '../../shared/domain/fhir-questionnaire';
import { changeSince, inClinicalRange, REQOL_ANSWERS, ReqolBody, reqolTotal, scoresFromAnswers, type ReqolQuestionnaire } from '../../shared/domain/reqol';
import { NotFoundError, ValidationProblemError } from '../../shared/http/problem';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, pageQuery, type Page } from '../../shared/http/pagination';
import { patientRecord } from '../../shared/record/patient-record';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { jsonResponse } from '../../shared/http/responses';
import { defineRoute, type Route } from '../../shared/http/route';
import { patientPartition, SK } from '../../shared/store/keys';
import { keyId } from '../../shared/store/batch-get';
import { fromSummaryItem, measurementsBetween, putReqolItem, putSummaryItem, summaryKey, type ReqolResponse } from '../../shared/store/measurements-repository';
import { withoutKeys } from '../../shared/store/table-definition';
import { appointmentRoutes } from './appointment-routes';
import { GpBundleBody, ImportResult, importGpBundle, MAX_BUNDLE_OBSERVATIONS } from './gp-import';
import { recordMeasurements } from './record';
import { signMeasurements, signSummary } from './signed-measurements';
import { PatientBanner } from '../../shared/domain/people';
import { bannerFrom, patientPageSchema } from '../../shared/record/named-people';

const instantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const TrendQuery = z.strictObject({ type: z.enum(MEASUREMENT_TYPES), from: z.optional(instantOrDate), to: z.optional(instantOrDate), format: z.optional(z.enum(['json', 'fhir'])), ...pageQuery });
const ListQuery = z.strictObject({ format: z.optional(z.enum(['json', 'fhir'])), ...pageQuery });
/** A measurement as stored and answered (shared/domain/health.ts `Measurement`). */
const MeasurementView = z.strictObject({
  measurementId: z.string(),
  patientId: z.string(),
  type: z.enum(MEASUREMENT_TYPES),
  value: z.optional(z.number()),
  systolic: z.optional(z.number()),
  diastolic: z.optional(z.number()),
  status: z.optional(z.enum(SMOKING)),
  unit: z.string(),
  at: z.string(),
  source: z.enum(['self', 'care-team', 'gp-import']),
  /** Who recorded it, by name and label (a GP import: the GP record). */
  author: z.strictObject({ userId: z.string(), org: z.optional(z.string()), name: z.string(), label: z.string() }),
  externalId: z.optional(z.string()),
  flags: z.array(z.enum(['bmi-high', 'bmi-low', 'blood-pressure-high', 'exercise-low', 'smoker'])),
});
const ReqolReliable = z.enum(['improved', 'deteriorated', 'no-reliable-change']);
/** A ReQoL-10 response with its change since the patient's first (absent before there is a first). */
const ReqolResponseView = z.strictObject({
  responseId: z.string(),
  patientId: z.string(),
  scores: z.array(z.int()),
  total: z.int(),
  clinicalRange: z.boolean(),
  at: z.string(),
  changeSinceFirst: z.optional(z.int()),
  reliable: z.optional(ReqolReliable),
});
const HealthSummaryView = z.strictObject({
  patientId: z.string(),
  latest: z.strictObject(Object.fromEntries(MEASUREMENT_TYPES.map((t) => [t, z.optional(MeasurementView)])) as Record<(typeof MEASUREMENT_TYPES)[number], z.ZodMiniOptional<typeof MeasurementView>>),
  flags: MeasurementView.shape.flags,
  reqol: z.optional(
    z.strictObject({
      first: z.strictObject({ total: z.int(), at: z.string() }),
      // The latest response as the summary keeps it: patientId and scores are there when it was stored whole.
      latest: z.strictObject({
        responseId: z.string(),
        patientId: z.optional(z.string()),
        scores: z.optional(z.array(z.int())),
        total: z.int(),
        at: z.string(),
        clinicalRange: z.boolean(),
        changeSinceFirst: z.int(),
        reliable: ReqolReliable,
      }),
    }),
  ),
  thresholds: z.strictObject({
    bmiHigh: z.number(),
    bmiLow: z.number(),
    systolicHigh: z.number(),
    diastolicHigh: z.number(),
    exerciseMinutesPerWeekLow: z.number(),
    reqol: z.strictObject({ clinicalCutoff: z.int(), reliableChange: z.int() }),
  }),
  /** On a read by staff: the patient banner. */
  patient: z.optional(PatientBanner),
});
const QuestionnaireView = z.strictObject({
  id: z.literal('reqol-10'),
  title: z.string(),
  instructions: z.string(),
  answers: z.array(z.strictObject({ value: z.int(), text: z.string() })),
  items: z.array(z.strictObject({ linkId: z.string(), text: z.string(), wording: z.enum(['positive', 'negative']) })),
  copyright: z.string(),
});

const HEALTH_READ = { kind: 'patient-data', action: 'health:read', roles: ['clinician'] } as const;
const fhirBundle = (resources: Record<string, unknown>[]) => ({ resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) });

/** A ReQoL response with how it compares with the patient's first (the borough's thresholds). */
const withChange = (r: ReqolResponse, summary: HealthSummary, thresholds: { clinicalCutoff: number; reliableChange: number }) => ({
  ...r,
  ...(summary.reqol ? changeSince(summary.reqol.first.total, r.total, thresholds) : {}),
});

/** The item scores of a response: as sent, or scored from the answers by the borough's wording. */
const itemScores = (body: z.infer<typeof ReqolBody>, questionnaire: ReqolQuestionnaire | undefined): number[] => {
  const refuse = (field: string, detail: string) => new ValidationProblemError(422, `Invalid input: ${field}.`, [{ field, detail }]);
  if (body.answers && body.scores) throw refuse('body.scores', 'cannot be sent with answers: send one or the other');
  if (body.scores) return body.scores;
  if (!body.answers) throw refuse('body.answers', 'are needed: the 10 answers picked, 0 to 4');
  if (!questionnaire) throw refuse('body.answers', 'cannot be scored: this borough has not added the ReQoL-10 wording, so send the item scores');
  return scoresFromAnswers(body.answers, questionnaire);
};

/** Physical health checks, GP import and ReQoL-10 outcome measures. */
export const routes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof QuestionnaireView>>({
    method: 'GET',
    path: '/questionnaires/reqol-10',
    summary:
      'The ReQoL-10 questionnaire as this borough shows it: instructions, the 10 items in the wording it is licensed to show, the five answers, the copyright notice; 404 until the borough adds its wording',
    tags: ['measures'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: QuestionnaireView },
    handle: ({ deps }) => {
      const questionnaire = deps.config.borough.reqolQuestionnaire;
      if (!questionnaire) throw new NotFoundError(`${deps.config.borough.name} has not added the ReQoL-10 wording it is licensed to show.`);
      return {
        id: 'reqol-10',
        title: 'ReQoL-10',
        instructions: questionnaire.instructions,
        answers: REQOL_ANSWERS.map((text, value) => ({ value, text })),
        items: questionnaire.items.map((item, i) => ({ linkId: `item-${i + 1}`, ...item })),
        copyright: questionnaire.copyright,
      };
    },
  }),
  defineRoute<z.infer<typeof MeasurementBody>, Record<string, never>, { patientId: string }, Record<string, unknown>>({
    method: 'POST',
    path: '/patients/{patientId}/measurements',
    summary:
      'Record a measurement: bmi (value, or weightKg and heightCm), blood-pressure, weight, height, smoking, exercise, fruit-veg, wellbeing; answers with the measurement as stored (BMI worked out, flags raised)',
    tags: ['measures'],
    access: { kind: 'patient-data', action: 'health:contribute', roles: ['clinician'] },
    body: MeasurementBody,
    response: { status: 201, schema: MeasurementView },
    example: { body: { type: 'blood-pressure', systolic: 128, diastolic: 82 } },
    handle: async (ctx) => {
      // One entry without a source id: always created, never a duplicate.
      const [recorded] = await recordMeasurements(ctx, [{ ref: 0, input: ctx.body }], 'care-team');
      if (recorded?.result !== 'created') throw new Error('a measurement without a source id is always created');
      const [signed] = await signMeasurements(ctx, [recorded.measurement]);
      return jsonResponse(201, signed);
    },
  }),
  defineRoute<undefined, z.infer<typeof TrendQuery>, { patientId: string }, Page<unknown>>({
    method: 'GET',
    path: '/patients/{patientId}/measurements',
    summary: 'A trend: measurements of one type between from and to, oldest first, paginated; `format=fhir` gives Observations',
    tags: ['measures'],
    access: HEALTH_READ,
    query: TrendQuery,
    response: { status: 200, schema: patientPageSchema(MeasurementView) },
    example: { query: { type: 'bmi' } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ after: z.string().check(z.maxLength(300)) }));
      const base = `${SK.measurementPrefix}${ctx.query.type}#`;
      const record = patientRecord(ctx);
      const { data, item } = await record.list((patientId) =>
        measurementsBetween(ctx.deps.store, {
          pk: patientPartition(borough, patientId),
          type: ctx.query.type,
          limit: ctx.query.limit ?? DEFAULT_LIMIT,
          ...(ctx.query.from ? { from: ctx.query.from } : {}),
          ...(ctx.query.to ? { to: ctx.query.to } : {}),
          ...(position ? { after: `${base}${position.after}` } : {}),
        }),
      );
      const items = data.items.map((i) => withoutKeys(i) as unknown as Measurement);
      if (ctx.query.format === 'fhir') return jsonResponse(200, fhirBundle(items.map(toFhirObservation)), {}, 'application/fhir+json');
      const last = data.items.at(-1);
      return {
        items: await signMeasurements(ctx, items),
        ...(data.more && last ? { nextCursor: encodeCursor({ after: String(last.sk).slice(base.length) }) } : {}),
        ...bannerFrom(ctx, { patientId: record.patientId, item }),
      };
    },
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }, Record<string, unknown>>({
    method: 'GET',
    path: '/patients/{patientId}/health-summary',
    summary: 'The latest measurement of each type, the flags they raise against the borough thresholds, and the latest ReQoL-10',
    tags: ['measures'],
    access: HEALTH_READ,
    response: { status: 200, schema: HealthSummaryView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const read = await patientRecord(ctx).read((patientId) => [summaryKey(borough.id, patientId)]);
      const summary = fromSummaryItem(read.patientId, read.item(summaryKey(borough.id, read.patientId)));
      const reqol = summary.reqol
        ? {
            ...summary.reqol,
            latest: {
              ...summary.reqol.latest,
              clinicalRange: inClinicalRange(summary.reqol.latest.total, borough.reqol),
              ...changeSince(summary.reqol.first.total, summary.reqol.latest.total, borough.reqol),
            },
          }
        : undefined;
      const latest = await signSummary(ctx, summary.latest);
      return {
        patientId: summary.patientId,
        latest,
        flags: summary.flags,
        ...(reqol ? { reqol } : {}),
        thresholds: { ...borough.healthThresholds, reqol: borough.reqol },
        ...bannerFrom(ctx, read),
      };
    },
  }),
  defineRoute<z.infer<typeof ReqolBody>, Record<string, never>, { patientId: string }, Record<string, unknown>>({
    method: 'POST',
    path: '/patients/{patientId}/questionnaires',
    summary:
      "A ReQoL-10 response from the patient: the 10 answers picked (0 'None of the time' to 4 'Most or all of the time'), scored by the borough's item wording, or the 10 item scores 0-4 (higher is better); stored with its total and clinical range",
    tags: ['measures'],
    access: { kind: 'patient-data', action: 'health:self-report', roles: [] },
    body: ReqolBody,
    response: { status: 201, schema: ReqolResponseView },
    example: { body: { scores: [3, 2, 3, 2, 2, 3, 2, 3, 2, 3] } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const scores = itemScores(ctx.body, borough.reqolQuestionnaire);
      const made = await patientRecord(ctx).write(
        (patientId) => [summaryKey(borough.id, patientId)],
        (write) => {
          const summary = fromSummaryItem(write.patientId, write.found.get(keyId(summaryKey(borough.id, write.patientId))));
          const total = reqolTotal(scores);
          const response: ReqolResponse = {
            responseId: ctx.deps.ids(),
            patientId: write.patientId,
            scores,
            total,
            clinicalRange: inClinicalRange(total, borough.reqol),
            at: ctx.body.at ? new Date(ctx.body.at).toISOString() : ctx.deps.clock().toISOString(),
          };
          const next = withReqol(summary, response);
          return {
            items: [putReqolItem(ctx.deps.store, borough.id, response), putSummaryItem(ctx.deps.store, borough.id, next, summary.version)],
            result: withChange(response, next, borough.reqol),
            onConditionFailed: () => 'retry' as const,
          };
        },
      );
      return jsonResponse(201, made);
    },
  }),
  defineRoute<undefined, z.infer<typeof ListQuery>, { patientId: string }, Page<unknown>>({
    method: 'GET',
    path: '/patients/{patientId}/questionnaires',
    summary: 'ReQoL-10 responses, newest first, each with its change since the first and whether it is reliable; `format=fhir` gives QuestionnaireResponses',
    tags: ['measures'],
    access: HEALTH_READ,
    query: ListQuery,
    response: { status: 200, schema: patientPageSchema(ReqolResponseView) },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const read = await newestFirstPage<ReqolResponse>(ctx, SK.reqolPrefix, { alsoKeys: (patientId) => [summaryKey(borough.id, patientId)] });
      const summary = fromSummaryItem(read.patientId, read.item(summaryKey(borough.id, read.patientId)));
      if (ctx.query.format === 'fhir') return jsonResponse(200, fhirBundle(read.page.items.map(toFhirQuestionnaireResponse)), {}, 'application/fhir+json');
      return { ...read.page, items: read.page.items.map((r) => withChange(r, summary, borough.reqol)), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof GpBundleBody>, Record<string, never>, Record<string, string>, { results: z.infer<typeof ImportResult>[] }>({
    method: 'POST',
    path: '/imports/gp',
    summary: `A FHIR R4 Bundle of up to ${MAX_BUNDLE_OBSERVATIONS} Observations from a GP system (a system client with the imports/gp.write scope), with a Patient entry (NHS number and birthDate) for each patient they are about; a result per entry`,
    tags: ['measures'],
    access: { kind: 'client', scope: 'imports/gp.write' },
    body: GpBundleBody,
    maxBodyBytes: 512 * 1024,
    response: { status: 200, schema: z.strictObject({ results: z.array(ImportResult), created: z.int(), duplicate: z.int(), rejected: z.int() }) },
    example: {
      body: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: { resourceType: 'Patient', identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9990000018' }], birthDate: '1984-03-14' } },
          {
            resource: {
              resourceType: 'Observation',
              id: 'example-1',
              status: 'final',
              code: { coding: [{ system: LOINC, code: CODES.bmi }] },
              subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990000018' } },
              effectiveDateTime: '2026-11-01T09:30:00Z',
              valueQuantity: { value: 27.4, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' },
            },
          },
        ],
      },
    },
    handle: async (ctx) => {
      const results = await importGpBundle(ctx);
      const count = (r: string) => results.filter((x) => x.result === r).length;
      return { results, created: count('created'), duplicate: count('duplicate'), rejected: count('rejected') };
    },
  }),
  ...appointmentRoutes,
];
