import { measured, type Measurement, type MeasurementInput, type Smoking } from './health';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';
import { ownValue } from './own';

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const UCUM = 'http://unitsofmeasure.org';
const OUR_CODES = 'https://recovery-platform.nhs.example/fhir/CodeSystem/measurement';

export const CODES = { bmi: '39156-5', bpPanel: '85354-9', systolic: '8480-6', diastolic: '8462-4', weight: '29463-7', height: '8302-2', smoking: '72166-2' } as const;

/** SNOMED CT smoking findings GP systems send, as our three statuses. */
const SMOKING_CODES: Record<string, Smoking> = {
  '266919005': 'never', // Never smoked tobacco
  '8517006': 'former', // Ex-smoker
  '77176002': 'current', // Smoker
  '449868002': 'current', // Smokes tobacco daily
  '428041000124106': 'current', // Occasional tobacco smoker
};
const SMOKING_SNOMED: Record<Smoking, { code: string; display: string }> = {
  never: { code: '266919005', display: 'Never smoked tobacco' },
  former: { code: '8517006', display: 'Ex-smoker' },
  current: { code: '77176002', display: 'Smoker' },
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const codings = (concept: unknown): { system?: string; code?: string }[] => arr(obj(concept)?.coding).map((c) => obj(c) ?? {});
const hasCode = (concept: unknown, system: string, code: string): boolean => codings(concept).some((c) => c.system === system && c.code === code);

const quantity = (q: unknown, units: Record<string, number>): number | string => {
  const value = obj(q)?.value;
  const unit = text(obj(q)?.code) ?? text(obj(q)?.unit) ?? '';
  if (typeof value !== 'number') return 'has no numeric valueQuantity';
  const factor = ownValue(units, unit);
  if (factor === undefined) return `has unit "${unit}"; expected ${Object.keys(units).join(' or ')}`;
  return value * factor;
};

export type ParsedObservation = { ok: true; observationId: string; nhsNumber: string; input: MeasurementInput } | { ok: false; observationId?: string; reason: string };

/**
 * Reads one FHIR R4 Observation from a GP system: its id, the patient's NHS number (modulus 11
 * checked) and the measurement, by LOINC code. Anything it cannot read exactly is refused with why,
 * never guessed.
 */
export const parseGpObservation = (resource: unknown): ParsedObservation => {
  const r = obj(resource);
  if (!r || r.resourceType !== 'Observation') return { ok: false, reason: 'is not an Observation' };
  const id = typeof r.id === 'string' && /^[A-Za-z0-9\-.]{1,64}$/.test(r.id) ? r.id : undefined;
  if (!id) return { ok: false, reason: 'has no valid id (needed to recognise a re-send)' };
  const fail = (reason: string): ParsedObservation => ({ ok: false, observationId: id, reason });
  if (!['final', 'amended', 'corrected'].includes(String(r.status))) return fail(`has status "${String(r.status)}"; only final, amended or corrected results are imported`);
  const identifier = obj(obj(r.subject)?.identifier);
  if (identifier?.system !== NHS_NUMBER_SYSTEM || typeof identifier.value !== 'string') return fail('has no subject.identifier with an NHS number');
  if (!isValidNhsNumber(identifier.value)) return fail('has an NHS number that fails the modulus 11 check');
  const effective = typeof r.effectiveDateTime === 'string' ? r.effectiveDateTime : undefined;
  if (!effective || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(effective) || Number.isNaN(Date.parse(effective))) {
    return fail('has no effectiveDateTime with a time zone');
  }
  const at = new Date(effective).toISOString();
  const base = { ok: true as const, observationId: id, nhsNumber: normaliseNhsNumber(identifier.value) };
  const value = (units: Record<string, number>) => quantity(r.valueQuantity, units);
  const code = r.code;
  if (hasCode(code, LOINC, CODES.bmi)) {
    const v = value({ 'kg/m2': 1, 'kg/m^2': 1 });
    return typeof v === 'string' ? fail(`BMI ${v}`) : { ...base, input: { type: 'bmi', value: v, at } };
  }
  if (hasCode(code, LOINC, CODES.weight)) {
    const v = value({ kg: 1, g: 0.001 });
    return typeof v === 'string' ? fail(`body weight ${v}`) : { ...base, input: { type: 'weight', value: v, at } };
  }
  if (hasCode(code, LOINC, CODES.height)) {
    const v = value({ cm: 1, m: 100 });
    return typeof v === 'string' ? fail(`body height ${v}`) : { ...base, input: { type: 'height', value: v, at } };
  }
  if (hasCode(code, LOINC, CODES.bpPanel)) {
    const part = (loinc: string) => quantity(obj(arr(r.component).find((c) => hasCode(obj(c)?.code, LOINC, loinc)))?.valueQuantity, { 'mm[Hg]': 1, mmHg: 1 });
    const systolic = part(CODES.systolic);
    const diastolic = part(CODES.diastolic);
    if (typeof systolic === 'string') return fail(`systolic component (${CODES.systolic}) ${systolic}`);
    if (typeof diastolic === 'string') return fail(`diastolic component (${CODES.diastolic}) ${diastolic}`);
    return { ...base, input: { type: 'blood-pressure', systolic, diastolic, at } };
  }
  if (hasCode(code, LOINC, CODES.smoking)) {
    const status = codings(r.valueCodeableConcept)
      .filter((c) => c.system === SNOMED)
      .map((c) => ownValue(SMOKING_CODES, String(c.code)))
      .find(Boolean);
    return status ? { ...base, input: { type: 'smoking', status, at } } : fail('has a smoking status that is not one of the SNOMED CT codes we read');
  }
  return fail(`has a code we do not import (LOINC ${CODES.bmi}, ${CODES.bpPanel}, ${CODES.weight}, ${CODES.height}, ${CODES.smoking})`);
};

export type ParsedPatient = { ok: true; nhsNumber: string; birthDate: string } | { ok: false; reason: string };

/**
 * Reads a FHIR R4 Patient entry of a GP system's Bundle: the NHS number (modulus 11 checked) and the
 * full date of birth. Both are needed to attach Observations to a patient, never the number alone.
 */
export const parseGpPatient = (resource: unknown): ParsedPatient => {
  const r = obj(resource);
  const nhs = arr(r?.identifier)
    .map((i) => obj(i))
    .find((i) => i?.system === NHS_NUMBER_SYSTEM);
  if (typeof nhs?.value !== 'string') return { ok: false, reason: `Patient has no identifier with system ${NHS_NUMBER_SYSTEM}` };
  if (!isValidNhsNumber(nhs.value)) return { ok: false, reason: 'Patient has an NHS number that fails the modulus 11 check' };
  const birthDate = r?.birthDate;
  if (typeof birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || new Date(Date.parse(birthDate) || 0).toISOString().slice(0, 10) !== birthDate) {
    return { ok: false, reason: 'Patient has no full birthDate (YYYY-MM-DD)' };
  }
  return { ok: true, nhsNumber: normaliseNhsNumber(nhs.value), birthDate };
};

const quantityOf = (value: number, unit: string, code: string) => ({ value, unit, system: UCUM, code });

/** A stored measurement as a FHIR R4 Observation (LOINC where one fits exactly, our codes otherwise). */
export const toFhirObservation = (m: Measurement): Json => {
  const loinc = (code: string, display: string) => ({ coding: [{ system: LOINC, code, display }] });
  const ours = (code: string, display: string) => ({ coding: [{ system: OUR_CODES, code, display }], text: display });
  const common = {
    resourceType: 'Observation',
    id: m.measurementId,
    status: 'final',
    subject: { reference: `Patient/${m.patientId}` },
    effectiveDateTime: m.at,
    performer: [{ reference: m.source === 'self' ? `Patient/${m.patientId}` : `Practitioner/${m.author.userId}` }],
    ...(m.externalId ? { identifier: [{ system: 'urn:gp-import:observation-id', value: m.externalId }] } : {}),
  };
  switch (m.type) {
    case 'bmi':
      return { ...common, category: [vitalSigns], code: loinc(CODES.bmi, 'Body mass index (BMI) [Ratio]'), valueQuantity: quantityOf(measured(m.value, 'value'), 'kg/m2', 'kg/m2') };
    case 'weight':
      return { ...common, category: [vitalSigns], code: loinc(CODES.weight, 'Body weight'), valueQuantity: quantityOf(measured(m.value, 'value'), 'kg', 'kg') };
    case 'height':
      return { ...common, category: [vitalSigns], code: loinc(CODES.height, 'Body height'), valueQuantity: quantityOf(measured(m.value, 'value'), 'cm', 'cm') };
    case 'blood-pressure':
      return {
        ...common,
        category: [vitalSigns],
        code: loinc(CODES.bpPanel, 'Blood pressure panel with all children optional'),
        component: [
          { code: loinc(CODES.systolic, 'Systolic blood pressure'), valueQuantity: quantityOf(measured(m.systolic, 'systolic'), 'mmHg', 'mm[Hg]') },
          { code: loinc(CODES.diastolic, 'Diastolic blood pressure'), valueQuantity: quantityOf(measured(m.diastolic, 'diastolic'), 'mmHg', 'mm[Hg]') },
        ],
      };
    case 'smoking':
      return { ...common, code: loinc(CODES.smoking, 'Tobacco smoking status'), valueCodeableConcept: { coding: [{ system: SNOMED, ...SMOKING_SNOMED[measured(m.status, 'status')] }] } };
    case 'exercise':
      return { ...common, code: ours('exercise', 'Exercise minutes per week'), valueQuantity: quantityOf(measured(m.value, 'value'), 'min/wk', 'min/wk') };
    case 'fruit-veg':
      return { ...common, code: ours('fruit-veg', 'Fruit and vegetable portions per day'), valueQuantity: { value: measured(m.value, 'value') } };
    case 'wellbeing':
      return { ...common, code: ours('wellbeing', 'Wellbeing (1-10)'), valueInteger: measured(m.value, 'value') };
  }
};

const vitalSigns = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] };
