import type { FieldIssue } from '../domain/zod';
import type { HttpEvent } from './middleware';

/** The methods a route table may use (route.ts); Powertools' router cannot even represent some others. */
export const ROUTE_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

// A host name or [IPv6] address and an optional port (RFC 9110 §7.2): nothing that could reshape the
// URL the router builds from it.
const HOST = /^([\w.-]+|\[[0-9A-Fa-f:.]+\])(:\d*)?$/;
const SCHEME = /^https?$/i;

const percentDecodes = (path: string): boolean => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

/** The event's headers as the router reads them, or the one it could not set. */
const readHeaders = (event: HttpEvent): Headers | FieldIssue => {
  const fields: [string, string][] = Object.entries(event.headers).map(([name, value]) => [name, value ?? '']);
  if (event.cookies?.length) fields.push(['cookie', event.cookies.join('; ')]);
  const headers = new Headers();
  for (const [name, value] of fields) {
    try {
      headers.set(name, value);
    } catch {
      return { field: `headers.${name}`, detail: 'is not a valid HTTP header' };
    }
  }
  return headers;
};

/**
 * The first part of an event that Powertools' router could not turn into a Web Request (it would
 * throw, and the caller get a 500): a path that is not percent-encoding, a header or cookie no HTTP
 * header can carry, a Host or X-Forwarded-Proto that make no URL. Undefined when all is readable.
 * @example unreadablePart(event) // { field: 'headers.host', detail: 'must be a host name ...' }
 */
export const unreadablePart = (event: HttpEvent): FieldIssue | undefined => {
  if (!percentDecodes(event.rawPath)) return { field: 'path', detail: 'is not valid percent-encoding' };
  const headers = readHeaders(event);
  if (!(headers instanceof Headers)) return headers;
  const host = headers.get('host');
  if (host !== null && !(HOST.test(host) && URL.canParse(`https://${host}/`))) {
    return { field: 'headers.host', detail: 'must be a host name or address, with an optional port' };
  }
  const scheme = headers.get('x-forwarded-proto');
  if (scheme !== null && !SCHEME.test(scheme)) return { field: 'headers.x-forwarded-proto', detail: 'must be http or https' };
  return undefined;
};
