import type { HealthSummary, Measurement } from '../../shared/domain/health';
import type { RouteContext } from '../../shared/http/route';
import { signWriters, type Signature } from '../../shared/record/named-people';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/** How a measurement from a GP system is signed: the system is no person of the directory. */
export const GP_IMPORT_SIGNATURE: Signature = { name: 'GP record', label: 'GP record (imported from the GP system)' };

export type SignedMeasurement = Omit<Measurement, 'author'> & { author: Measurement['author'] & Signature };

const authorOf = (m: Measurement): Measurement['author'] => (m.source === 'gp-import' ? { ...m.author, ...GP_IMPORT_SIGNATURE } : m.author);

/**
 * Measurements with who recorded them by name: their signature, or for older ones a directory lookup
 * (one BatchGet for those alone). Only on measurements the caller was allowed to read.
 */
export const signMeasurements = async (ctx: AnyContext, measurements: readonly Measurement[]): Promise<SignedMeasurement[]> => {
  const sign = await signWriters(ctx, measurements.map(authorOf));
  return measurements.map((m) => ({ ...m, author: sign(authorOf(m)) }));
};

/** The health summary's latest measurements, signed the same way. */
export const signSummary = async (ctx: AnyContext, latest: HealthSummary['latest']): Promise<Partial<Record<keyof HealthSummary['latest'], SignedMeasurement>>> => {
  const entries = Object.entries(latest) as [keyof HealthSummary['latest'], Measurement][];
  const signed = await signMeasurements(
    ctx,
    entries.map(([, m]) => m),
  );
  return Object.fromEntries(entries.map(([type], i) => [type, signed[i]]));
};
