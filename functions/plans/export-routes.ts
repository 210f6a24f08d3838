import * as z from 'zod/mini';
import { EXPORT_ACTION } from '../../shared/domain/consent';
import { toFhirExportBundle } from '../../shared/domain/fhir-export';
import { isActive } from '../../shared/domain/people';
import { fileResponse } from '../../shared/http/responses';
import { defineRoute, type Route } from '../../shared/http/route';
import { patientRecord } from '../../shared/record/patient-record';
import { directoryUserKey, fromDirectoryItem, getPeople } from '../../shared/store/directory-repository';
import { patientPartition } from '../../shared/store/keys';
import { queryAll } from '../../shared/store/query-all';
import { resourcesOf } from './export-resources';

type FhirResource = Record<string, unknown>;

/** The Bundle as the OpenAPI document describes it: FHIR R4, each entry a resource with its `urn:uuid:` fullUrl. */
const ExportBundle = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('collection'),
  timestamp: z.string(),
  entry: z.array(z.strictObject({ fullUrl: z.string(), resource: z.looseObject({ resourceType: z.string(), id: z.string() }) })),
});

/** Everyone a resource names as `Practitioner/<id>`: the export names each of them. */
const practitionerIds = (resources: readonly FhirResource[]): Set<string> => {
  const ids = new Set<string>();
  JSON.stringify(resources, (key, value: unknown) => {
    if (key === 'reference' && typeof value === 'string' && value.startsWith('Practitioner/')) ids.add(value.slice('Practitioner/'.length));
    return value;
  });
  return ids;
};

/** A patient's copy of their whole record, and an operator's answer to a subject access request. */
export const exportRoutes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, { patientId: string }, z.infer<typeof ExportBundle>>({
    method: 'GET',
    path: '/patients/{patientId}/export',
    summary:
      'The whole record as one FHIR R4 Bundle (collection, `urn:uuid:` fullUrls): Patient, CarePlans and Goals, Observations, QuestionnaireResponses, Consents, AuditEvents, Communications, Flags, and PHB requests and budgets as Basic (docs/export.md); the patient (`me`), or an operator for a subject access request, which is in her access log',
    tags: ['plans'],
    access: { kind: 'patient-data', action: EXPORT_ACTION, roles: ['operator'] },
    response: { status: 200, schema: ExportBundle, contentType: 'application/fhir+json' },
    // A record of years is megabytes of JSON; gzip sends it in a tenth, within what a Lambda may answer.
    compressed: true,
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const record = patientRecord(ctx);
      const read = await record.list(
        (patientId) => queryAll(ctx.deps.store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': patientPartition(borough.id, patientId) }, ConsistentRead: true }),
        (patientId) => [directoryUserKey(borough.id, patientId)],
      );
      const patientId = record.patientId;
      const entry = read.item(directoryUserKey(borough.id, patientId));
      const patient = entry ? fromDirectoryItem(entry) : { userId: patientId, roles: ['patient' as const] };
      const now = ctx.deps.clock();
      const context = { patientId, now, observer: `Recovery platform, ${borough.name}`, organisations: borough.organisations };
      const resources: FhirResource[] = [];
      for (const item of read.data) {
        const found = resourcesOf(item, context);
        // A kind of item this code does not know yet: left out, and said (its name only), never a failure.
        if (found === undefined) ctx.deps.observability.logger.warn('export: item kind not exported', { entity: String(item.entity) });
        else resources.push(...found);
      }
      const people = await getPeople(ctx.deps.store, borough.id, practitionerIds(resources));
      const bundle = toFhirExportBundle({
        patient,
        active: isActive(patient),
        resources,
        people,
        organisations: borough.organisations,
        exportedAt: now.toISOString(),
        newUuid: () => crypto.randomUUID(),
      });
      return fileResponse(JSON.stringify(bundle), 'application/fhir+json', `recovery-record-${now.toISOString().slice(0, 10)}.json`);
    },
  }),
];
