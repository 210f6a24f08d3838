/**
 * The web front end's response headers, the same locally (`npm start`) and from CloudFront: the page
 * may load only its own scripts and styles and talk only to its own origin and the borough APIs.
 */
export const webSecurityHeaders = (
  apiOrigins: readonly string[] = [],
): Record<'content-security-policy' | 'x-content-type-options' | 'x-frame-options' | 'referrer-policy' | 'permissions-policy', string> => ({
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigins.map((o) => ` ${o}`).join('')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});
