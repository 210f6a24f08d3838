import { SERVICES } from '../functions/services';

/** The prefix CloudFront sends to the API (same origin as the page); the API's stage has its name. */
export const API_PATH_PREFIX = '/api';

/** The API's public routes as CloudFront sees them (no token needed: rate limited hardest at the edge). */
export const PUBLIC_API_PATHS: readonly string[] = [...new Set(SERVICES.flatMap((s) => s.routes.filter((r) => r.access.kind === 'public').map((r) => `${API_PATH_PREFIX}${r.path}`)))];
