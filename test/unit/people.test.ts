import { displayName, formatNhsNumber, patientBanner, PersonEntryBody, personLabel, personView, UNNAMED, type Person } from '../../shared/domain/people';
import type { Organisation } from '../../shared/domain/borough-config';

const elft: Organisation = { id: 'elft', name: 'East London NHS Foundation Trust', shortName: 'ELFT', kind: 'nhs-trust' };
const miriam: Person = { userId: 'miriam', roles: ['clinician'], name: { given: 'Miriam', family: 'Okafor' }, org: 'elft', roleTitle: 'Psychotherapist', email: 'm@example.org' };
const sally: Person = { userId: 'sally', roles: ['patient'], name: { given: 'Sally', family: 'Brown', preferred: 'Sal' }, nhsNumber: '9990000018', birthDate: '1984-03-14', phone: '+447700900100' };

describe('people: names, labels and the patient banner', () => {
  it('labels staff with name, role title and organisation, and patients by name only', () => {
    expect(personLabel(miriam, elft)).toBe('Miriam Okafor, Psychotherapist, ELFT');
    expect(personLabel({ ...miriam, roleTitle: undefined }, { name: 'Core Sport' })).toBe('Miriam Okafor, Core Sport');
    expect(personLabel(sally, undefined)).toBe('Sal Brown');
    expect(displayName({})).toBe(UNNAMED);
  });

  it('never puts contact details, NHS number or date of birth in the view others get', () => {
    const views = [personView(miriam, [elft]), personView(sally, [elft])];
    for (const v of views) expect(JSON.stringify(v)).not.toMatch(/example\.org|\+4477|9990000018|1984/);
    expect(views[0]).toEqual({
      userId: 'miriam',
      name: 'Miriam Okafor',
      label: 'Miriam Okafor, Psychotherapist, ELFT',
      roleTitle: 'Psychotherapist',
      org: { id: 'elft', name: elft.name },
      active: true,
    });
    expect(personView({ ...miriam, status: 'disabled' }, [elft]).active).toBe(false);
  });

  it('gives staff the banner: name, date of birth and the NHS number as 3-3-4', () => {
    expect(formatNhsNumber('9990000018')).toBe('999 000 0018');
    expect(patientBanner(sally)).toEqual({ patientId: 'sally', name: 'Sal Brown', givenName: 'Sally', familyName: 'Brown', preferredName: 'Sal', birthDate: '1984-03-14', nhsNumber: '999 000 0018' });
  });
});

describe('people: a directory entry as an operator writes it', () => {
  const issues = (input: unknown) => {
    const r = PersonEntryBody.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };
  const patient = { roles: ['patient'], name: { given: 'Jo', family: 'Example' }, nhsNumber: '999 000 0034', birthDate: '1990-05-01' };
  const staff = { roles: ['clinician'], name: { given: 'Jo', family: 'Example' }, org: 'elft', roleTitle: 'Care coordinator' };

  it('takes a patient with a valid NHS number (stored without spaces) and a staff member with organisation and title', () => {
    expect(PersonEntryBody.parse(patient).nhsNumber).toBe('9990000034');
    expect(issues(staff)).toEqual([]);
  });

  it('names each field that is wrong or missing', () => {
    expect(issues({ ...patient, nhsNumber: '9990000035' })).toEqual([expect.stringMatching(/^nhsNumber: must be a valid NHS number/)]);
    expect(issues({ ...patient, birthDate: '2999-01-01' })).toEqual([expect.stringMatching(/^birthDate: /)]);
    expect(issues({ roles: ['patient'], name: patient.name })).toEqual(['nhsNumber: is required for a patient', 'birthDate: is required for a patient']);
    expect(issues({ ...patient, org: 'elft' })).toEqual(['org: is for staff: a patient belongs to no organisation']);
    expect(issues({ ...patient, roles: ['patient', 'clinician'] })).toEqual([expect.stringMatching(/^roles: a patient has no other role/)]);
    expect(issues({ ...staff, roleTitle: undefined })).toEqual([expect.stringMatching(/^roleTitle: is required for staff/)]);
    expect(issues({ ...staff, name: { given: '<script>', family: 'x' } })).toEqual([expect.stringMatching(/^name.given: must be a name/)]);
    expect(issues({ ...staff, name: { given: 'Jo\u0000', family: 'x' } })).toEqual([expect.stringMatching(/^name.given: /)]);
    expect(issues({ ...staff, name: { given: '  ', family: 'x' } })).toEqual([expect.stringMatching(/^name.given: /)]);
  });
});
