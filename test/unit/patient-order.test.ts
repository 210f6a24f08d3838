import { compareBanners, patientBanner, type Person } from '../../shared/domain/people';

const patient = (userId: string, given?: string, family?: string): Person => ({ userId, roles: ['patient'], ...(given && family ? { name: { given, family } } : {}) });

describe('the order of patients in staff lists', () => {
  it('goes by family name, then given name, ignoring case and accents; those without a name last; the id breaks ties', () => {
    // Prepare: ids in the opposite order to the names.
    const people = [patient('a1'), patient('b2', 'Sally', 'Brown'), patient('c3', 'Émile', 'ábel'), patient('d4', 'Andre', 'Mensah'), patient('e5', 'Anna', 'Brown'), patient('f6', 'Sally', 'Brown')];
    // Act
    const order = people
      .map(patientBanner)
      .sort(compareBanners)
      .map((b) => b.patientId);
    // Assess
    expect(order).toEqual(['c3', 'e5', 'b2', 'f6', 'd4', 'a1']);
  });
});
