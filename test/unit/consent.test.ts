import type { Actor } from '../../shared/domain/actor';
import { decideAccess, type ConsentAction } from '../../shared/domain/consent';
import { SCOPES, type Grant, type Grantee, type Scope } from '../../shared/domain/grant';

const now = new Date('2026-11-23T12:00:00.000Z');
const sallyData = { borough: 'city-and-hackney', patientId: 'sally' };
const sally: Actor = { id: 'sally', borough: 'city-and-hackney', roles: ['patient'] };
const andre: Actor = { id: 'andre', borough: 'city-and-hackney', roles: ['patient'] };
const miriam: Actor = { id: 'miriam', borough: 'city-and-hackney', roles: ['clinician'], org: 'elft' };
const adam: Actor = { id: 'adam', borough: 'city-and-hackney', roles: ['clinician'], org: 'elft' };
const coach: Actor = { id: 'coach', borough: 'city-and-hackney', roles: ['clinician'], org: 'core-sport' };
const paramedic: Actor = { id: 'paramedic', borough: 'city-and-hackney', roles: ['paramedic'], org: 'london-ambulance' };

let n = 0;
const grant = (grantee: Grantee, scopes: Scope[], extra: Partial<Grant> = {}): Grant => ({
  grantId: `g${++n}`,
  patientId: 'sally',
  grantee,
  scopes,
  startsAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...extra,
});

describe('consent decision point', () => {
  it('allows the patient on their own data, whatever the action, without grants', () => {
    for (const action of [...SCOPES, 'consent:manage', 'access-log:read', 'plan:write'] as const) {
      expect(decideAccess(sally, action, sallyData, [], now)).toEqual({ allow: true, reason: 'self' });
    }
  });

  it('denies another patient, and a non-patient whose id happens to match', () => {
    expect(decideAccess(andre, 'plan:read', sallyData, [], now)).toEqual({ allow: false, reason: 'no-grant' });
    expect(decideAccess({ ...miriam, id: 'sally' }, 'plan:read', sallyData, [], now).allow).toBe(false);
  });

  it('denies anyone of another borough, even the patient id or a grantee', () => {
    const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read']);
    expect(decideAccess({ ...sally, borough: 'newham' }, 'plan:read', sallyData, [], now)).toEqual({ allow: false, reason: 'other-borough' });
    expect(decideAccess({ ...miriam, borough: 'newham' }, 'plan:read', sallyData, [g], now)).toEqual({ allow: false, reason: 'other-borough' });
  });

  it.each(SCOPES)('a person grant of %s allows exactly that scope and what it implies', (scope) => {
    const g = grant({ type: 'person', userId: 'miriam' }, [scope]);
    for (const action of SCOPES) {
      const implied = action === scope || (scope.endsWith(':contribute') && action === scope.replace('contribute', 'read')) || (scope === 'phb:request' && action === 'phb:read');
      expect({ action, allow: decideAccess(miriam, action, sallyData, [g], now).allow }).toEqual({ action, allow: implied });
    }
  });

  it('names the grant that allowed it', () => {
    const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read']);
    expect(decideAccess(miriam, 'plan:read', sallyData, [g], now)).toEqual({ allow: true, reason: 'grant', grantId: g.grantId, scope: 'plan:read' });
  });

  it('a person grant is for that person only, not their colleagues', () => {
    const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read']);
    expect(decideAccess(adam, 'plan:read', sallyData, [g], now)).toEqual({ allow: false, reason: 'no-grant' });
  });

  it('an organisation grant reaches every member of that organisation and nobody else', () => {
    const g = grant({ type: 'organisation', org: 'elft' }, ['plan:read']);
    expect(decideAccess(miriam, 'plan:read', sallyData, [g], now).allow).toBe(true);
    expect(decideAccess(adam, 'plan:read', sallyData, [g], now).allow).toBe(true);
    expect(decideAccess(coach, 'plan:read', sallyData, [g], now).allow).toBe(false);
    expect(decideAccess({ ...miriam, org: undefined }, 'plan:read', sallyData, [g], now).allow).toBe(false);
  });

  it('ignores grants of another patient', () => {
    const g = { ...grant({ type: 'person', userId: 'miriam' }, ['plan:read']), patientId: 'andre' };
    expect(decideAccess(miriam, 'plan:read', sallyData, [g], now).allow).toBe(false);
  });

  describe('time', () => {
    const endsAt = now.toISOString();
    it('allows up to the last millisecond before the end', () => {
      const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read'], { endsAt });
      expect(decideAccess(miriam, 'plan:read', sallyData, [g], new Date(now.getTime() - 1)).allow).toBe(true);
    });
    it('denies exactly at the end, as expired', () => {
      const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read'], { endsAt });
      expect(decideAccess(miriam, 'plan:read', sallyData, [g], now)).toEqual({ allow: false, reason: 'expired', grantId: g.grantId });
    });
    it('allows exactly at the start, denies before it', () => {
      const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read'], { startsAt: endsAt });
      expect(decideAccess(miriam, 'plan:read', sallyData, [g], now).allow).toBe(true);
      expect(decideAccess(miriam, 'plan:read', sallyData, [g], new Date(now.getTime() - 1))).toEqual({ allow: false, reason: 'not-yet-valid', grantId: g.grantId });
    });
  });

  it('denies under a revoked grant, saying so', () => {
    const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read'], { revokedAt: '2026-11-01T00:00:00.000Z' });
    expect(decideAccess(miriam, 'plan:read', sallyData, [g], now)).toEqual({ allow: false, reason: 'revoked', grantId: g.grantId });
  });

  it('an active grant still allows when another grant to the same person was revoked', () => {
    const revoked = grant({ type: 'person', userId: 'miriam' }, ['plan:read'], { revokedAt: '2026-11-01T00:00:00.000Z' });
    const viaTeam = grant({ type: 'organisation', org: 'elft' }, ['plan:read']);
    expect(decideAccess(miriam, 'plan:read', sallyData, [revoked, viaTeam], now)).toMatchObject({ allow: true, grantId: viaTeam.grantId });
  });

  it('says the scope was not granted when the caller holds other scopes', () => {
    const g = grant({ type: 'person', userId: 'miriam' }, ['plan:read']);
    expect(decideAccess(miriam, 'log:read', sallyData, [g], now)).toEqual({ allow: false, reason: 'scope-not-granted' });
  });

  it('never lets a grantee manage consent or read the access log, whatever they were granted (no widening)', () => {
    const everything = grant({ type: 'person', userId: 'miriam' }, [...SCOPES]);
    for (const action of ['consent:manage', 'access-log:read', 'plan:write'] as const) {
      expect(decideAccess(miriam, action, sallyData, [everything], now)).toEqual({ allow: false, reason: 'patient-only' });
    }
  });

  describe('emergency sharing', () => {
    const permission = grant({ type: 'emergency' }, ['crisis-plan:read']);

    it('the permission lets a paramedic ask for emergency access, and nobody else', () => {
      expect(decideAccess(paramedic, 'emergency-access', sallyData, [permission], now)).toMatchObject({ allow: true, grantId: permission.grantId });
      expect(decideAccess(miriam, 'emergency-access', sallyData, [permission], now).allow).toBe(false);
    });

    it('the permission alone opens nothing: the crisis plan needs the emergency access itself', () => {
      expect(decideAccess(paramedic, 'crisis-plan:read', sallyData, [permission], now).allow).toBe(false);
    });

    it('without the permission a paramedic cannot ask', () => {
      expect(decideAccess(paramedic, 'emergency-access', sallyData, [], now)).toEqual({ allow: false, reason: 'no-grant' });
    });

    it('emergency access gives its paramedic the crisis plan until it ends, and nothing else', () => {
      const access = grant({ type: 'emergency-access', userId: 'paramedic' }, ['crisis-plan:read'], { startsAt: now.toISOString(), endsAt: new Date(now.getTime() + 30 * 60_000).toISOString() });
      expect(decideAccess(paramedic, 'crisis-plan:read', sallyData, [access], now).allow).toBe(true);
      expect(decideAccess(paramedic, 'plan:read', sallyData, [access], now).allow).toBe(false);
      expect(decideAccess({ ...paramedic, id: 'other-paramedic' }, 'crisis-plan:read', sallyData, [access], now).allow).toBe(false);
      expect(decideAccess(paramedic, 'crisis-plan:read', sallyData, [access], new Date(now.getTime() + 30 * 60_000)).allow).toBe(false);
    });
  });
});

describe('eligible roles of an operation', () => {
  it('a grant to another patient does not reach clinical data when the operation is for care teams', () => {
    const g = grant({ type: 'person', userId: 'andre' }, ['crisis-plan:read']);
    expect(decideAccess(andre, 'crisis-plan:read', sallyData, [g], now, ['clinician', 'paramedic'])).toEqual({ allow: false, reason: 'role-not-eligible' });
    expect(decideAccess(miriam, 'crisis-plan:read', sallyData, [{ ...g, grantee: { type: 'person', userId: 'miriam' } }], now, ['clinician', 'paramedic']).allow).toBe(true);
  });

  it('the patient themself is always eligible', () => {
    expect(decideAccess(sally, 'crisis-plan:read', sallyData, [], now, ['clinician'])).toEqual({ allow: true, reason: 'self' });
  });
});

describe('the PHB process', () => {
  const advisor: Actor = { id: 'advisor', borough: 'city-and-hackney', roles: ['phb-advisor'], org: 'advocacy-project' };
  it('lets PHB advisors read PHB data, set budgets and decide without a grant', () => {
    for (const action of ['phb:read', 'phb:manage', 'phb:decide'] as const) expect(decideAccess(advisor, action, sallyData, [], now)).toEqual({ allow: true, reason: 'phb-process' });
  });
  it('gives advisors nothing else without a grant', () => {
    expect(decideAccess(advisor, 'plan:read', sallyData, [], now).allow).toBe(false);
  });
  it('never lets the patient (or a grantee) set a budget or decide', () => {
    expect(decideAccess(sally, 'phb:manage', sallyData, [], now)).toEqual({ allow: false, reason: 'advisor-only' });
    expect(decideAccess(sally, 'phb:decide', sallyData, [], now)).toEqual({ allow: false, reason: 'advisor-only' });
    const g = grant({ type: 'person', userId: 'miriam' }, [...SCOPES]);
    expect(decideAccess(miriam, 'phb:decide', sallyData, [g], now).allow).toBe(false);
  });
});

describe('separation of duties: nobody acts as staff on their own record', () => {
  const sallyAdvisor: Actor = { ...sally, roles: ['patient', 'phb-advisor'], org: 'advocacy-project' };
  const sallyClinician: Actor = { ...sally, roles: ['patient', 'clinician'], org: 'elft' };
  const sallyParamedic: Actor = { ...sally, roles: ['patient', 'paramedic'], org: 'london-ambulance' };
  const permission = grant({ type: 'emergency' }, ['crisis-plan:read']);

  it('a patient who is also an advisor may neither set their own budget nor decide their own request', () => {
    expect(decideAccess(sallyAdvisor, 'phb:manage', sallyData, [], now)).toEqual({ allow: false, reason: 'own-record' });
    expect(decideAccess(sallyAdvisor, 'phb:decide', sallyData, [], now)).toEqual({ allow: false, reason: 'own-record' });
  });

  it('an advisor whose patient role was taken away still may not act on their own record', () => {
    const advisorOnly: Actor = { ...sallyAdvisor, roles: ['phb-advisor'] };
    for (const action of ['phb:read', 'phb:manage', 'phb:decide'] as const) expect(decideAccess(advisorOnly, action, sallyData, [], now)).toEqual({ allow: false, reason: 'own-record' });
  });

  it('a patient who is also a paramedic cannot break the glass on their own record', () => {
    expect(decideAccess(sallyParamedic, 'emergency-access', sallyData, [permission], now)).toEqual({ allow: false, reason: 'own-record' });
  });

  it('a patient with a staff role still acts as the patient on their own record', () => {
    for (const actor of [sallyAdvisor, sallyClinician, sallyParamedic]) {
      for (const action of ['plan:read', 'plan:contribute', 'plan:write', 'phb:read', 'phb:request', 'consent:manage', 'access-log:read'] as const) {
        expect(decideAccess(actor, action, sallyData, [], now)).toEqual({ allow: true, reason: 'self' });
      }
    }
  });

  it("a patient with a staff role acts as staff on another patient's record", () => {
    const andreAdvisor: Actor = { ...andre, roles: ['patient', 'phb-advisor'] };
    expect(decideAccess(andreAdvisor, 'phb:manage', sallyData, [], now)).toEqual({ allow: true, reason: 'phb-process' });
    expect(decideAccess(andreAdvisor, 'plan:read', sallyData, [], now)).toEqual({ allow: false, reason: 'no-grant' });
  });

  it('an advisor does not decide a request they submitted for someone', () => {
    const dual: Actor = { id: 'dual', borough: 'city-and-hackney', roles: ['clinician', 'phb-advisor'], org: 'elft' };
    expect(decideAccess(dual, 'phb:decide', { ...sallyData, submittedBy: 'dual' }, [], now)).toEqual({ allow: false, reason: 'own-submission' });
    expect(decideAccess(dual, 'phb:decide', { ...sallyData, submittedBy: 'sally' }, [], now)).toEqual({ allow: true, reason: 'phb-process' });
    expect(decideAccess(dual, 'phb:read', { ...sallyData, submittedBy: 'dual' }, [], now)).toEqual({ allow: true, reason: 'phb-process' });
  });

  it('answers what a patient shares with me (sharing:read) by any grant in force to me or my team, never on my own record', () => {
    const team = grant({ type: 'organisation', org: 'elft' }, ['crisis-plan:read']);
    expect(decideAccess(adam, 'sharing:read', sallyData, [team], now)).toEqual({ allow: true, reason: 'grant', grantId: team.grantId, scope: 'sharing:read' });
    expect(decideAccess(coach, 'sharing:read', sallyData, [team], now)).toEqual({ allow: false, reason: 'no-grant' });
    expect(decideAccess(sally, 'sharing:read', sallyData, [], now)).toEqual({ allow: false, reason: 'own-record' });
    const emergency = grant({ type: 'emergency' }, ['crisis-plan:read']);
    expect(decideAccess(paramedic, 'sharing:read', sallyData, [emergency], now).allow).toBe(false);
  });
});

describe("the borough's finance download (phb:finance)", () => {
  const operator: Actor = { id: 'operator', borough: 'city-and-hackney', roles: ['operator'], org: 'nel-ics' };
  const advisor: Actor = { id: 'advisor', borough: 'city-and-hackney', roles: ['phb-advisor'], org: 'advocacy-project' };
  const everyGrant = [grant({ type: 'person', userId: 'miriam' }, [...SCOPES]), grant({ type: 'organisation', org: 'nel-ics' }, [...SCOPES])];

  it('lets an operator put a patient’s purchases in it, on the basis of the PHB process, without a grant', () => {
    expect(decideAccess(operator, 'phb:finance', sallyData, [], now)).toEqual({ allow: true, reason: 'phb-process' });
  });

  it('gives operators nothing else of a patient’s record without a grant, nor through a grant to their organisation on a route for care teams', () => {
    const others: ConsentAction[] = [
      ...SCOPES,
      'consent:manage',
      'access-log:read',
      'plan:write',
      'log:write',
      'health:self-report',
      'emergency-access',
      'phb:manage',
      'phb:decide',
      'sharing:read',
      'alert:acknowledge',
    ];
    for (const action of others) expect({ action, allow: decideAccess(operator, action, sallyData, [], now).allow }).toEqual({ action, allow: false });
    expect(decideAccess(operator, 'phb:read', sallyData, everyGrant, now, ['clinician', 'phb-advisor'])).toEqual({ allow: false, reason: 'role-not-eligible' });
  });

  it('is for operators alone: not advisors, clinicians with every scope, patients or paramedics', () => {
    for (const actor of [advisor, miriam, andre, paramedic]) expect(decideAccess(actor, 'phb:finance', sallyData, everyGrant, now)).toEqual({ allow: false, reason: 'role-not-eligible' });
  });

  it('never on an operator’s own record, nor another borough’s', () => {
    expect(decideAccess({ ...operator, id: 'sally', roles: ['patient', 'operator'] }, 'phb:finance', sallyData, [], now)).toEqual({ allow: false, reason: 'own-record' });
    expect(decideAccess({ ...operator, borough: 'tower-hamlets' }, 'phb:finance', sallyData, [], now)).toEqual({ allow: false, reason: 'other-borough' });
  });
});
