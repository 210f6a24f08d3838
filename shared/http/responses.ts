/** A JSON answer that no cache keeps (every answer here may carry patient data). */
export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}, contentType = 'application/json'): Response =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType, 'cache-control': 'no-store', ...headers } });

/**
 * A file to download (e.g. `text/csv; charset=utf-8`, or a PDF's bytes), named for saving, that no cache keeps.
 * @example fileResponse(csv, 'text/csv; charset=utf-8', 'phb-purchases-2026-27.csv')
 */
export const fileResponse = (body: string | Uint8Array, contentType: string, filename: string): Response =>
  new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    status: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
