import type { Actor } from '../../shared/domain/actor';
import { decide } from '../../shared/domain/consent';

const now = new Date('2026-11-23T12:00:00Z');
const sally: Actor = { id: 'sally', borough: 'city-and-hackney', roles: ['patient'] };
const sallyData = { borough: 'city-and-hackney', patientId: 'sally' };

describe('consent decision point', () => {
  it('allows a patient on their own data', () => {
    expect(decide(sally, 'plan:read', sallyData, now)).toEqual({ allow: true, reason: 'self' });
  });

  it('denies another patient', () => {
    const andre: Actor = { id: 'andre', borough: 'city-and-hackney', roles: ['patient'] };
    expect(decide(andre, 'plan:read', sallyData, now)).toEqual({ allow: false, reason: 'no-grant' });
  });

  it('denies a clinician without a grant', () => {
    const miriam: Actor = { id: 'miriam', borough: 'city-and-hackney', roles: ['clinician'], org: 'elft' };
    expect(decide(miriam, 'plan:read', sallyData, now).allow).toBe(false);
  });

  it('denies a non-patient whose id happens to match', () => {
    const clash: Actor = { id: 'sally', borough: 'city-and-hackney', roles: ['clinician'] };
    expect(decide(clash, 'plan:read', sallyData, now).allow).toBe(false);
  });

  it('denies the same user id from another borough', () => {
    expect(decide({ ...sally, borough: 'newham' }, 'plan:read', sallyData, now)).toEqual({ allow: false, reason: 'other-borough' });
  });
});
