/**
 * The project's own FHIR code systems and extensions, used only where LOINC, SNOMED CT or HL7's code
 * systems have no code (docs/export.md lists each). Their URLs are names, not pages to fetch.
 */
export const OUR_FHIR = 'https://recovery-platform.nhs.example/fhir';

/** A code system of ours, by name: `${OUR_FHIR}/CodeSystem/<name>`. */
export const ourCodeSystem = (name: string): string => `${OUR_FHIR}/CodeSystem/${name}`;

/** An extension of ours, by name: `${OUR_FHIR}/StructureDefinition/<name>`. */
export const ourExtension = (name: string): string => `${OUR_FHIR}/StructureDefinition/${name}`;

/** A CodeableConcept of one of our codes, with its words. */
export const ourConcept = (system: string, code: string, display: string): { coding: { system: string; code: string; display: string }[]; text: string } => ({
  coding: [{ system: ourCodeSystem(system), code, display }],
  text: display,
});
