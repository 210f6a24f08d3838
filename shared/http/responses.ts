/** A JSON answer that no cache keeps (every answer here may carry patient data). */
export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType, 'cache-control': 'no-store', ...headers } });
