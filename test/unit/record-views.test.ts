import { SERVICES } from '../../functions/services';
import { RECORD_VIEW_ROUTES, RECORD_VIEWS } from '../../shared/domain/record-views';

describe('the parts of a record staff may open', () => {
  it('decide as the route that reads each part: the same consent action and roles', () => {
    // Prepare
    const routes = SERVICES.flatMap((s) => s.routes);
    // Act
    const declared = Object.fromEntries(Object.entries(RECORD_VIEW_ROUTES).map(([view, path]) => [view, routes.find((r) => r.method === 'GET' && r.path === path)?.access]));
    // Assess
    const expected = Object.fromEntries(Object.entries(RECORD_VIEWS).map(([view, { action, roles }]) => [view, { kind: 'patient-data', action, roles: [...roles] }]));
    expect(declared).toEqual(expected);
  });
});
