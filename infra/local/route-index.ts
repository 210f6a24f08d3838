import type { HttpMethod, Route, ServiceRoutes } from '../../shared/http/route';

export interface RouteMatch {
  service: string;
  route: Route;
}

/**
 * Finds which service owns a method and path, as API Gateway's routes do in AWS.
 * Static segments win over parameters, like API Gateway's "most specific route".
 */
export const makeRouteIndex = (services: readonly ServiceRoutes[]) => {
  const entries = services
    .flatMap(({ service, routes }) =>
      routes.map((route) => ({
        service,
        route,
        regex: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
        specificity: route.path.split('/').filter((s) => s && !s.startsWith('{')).length,
      })),
    )
    .sort((a, b) => b.specificity - a.specificity);
  return {
    /** The route for this request, `'method'` if only the method is wrong, or undefined. */
    match(method: string, path: string): RouteMatch | 'method' | undefined {
      const onPath = entries.filter((e) => e.regex.test(path));
      const hit = onPath.find((e) => e.route.method === (method.toUpperCase() as HttpMethod));
      if (hit) return { service: hit.service, route: hit.route };
      return onPath.length > 0 ? 'method' : undefined;
    },
  };
};
