// The hazard log as data (docs/clinical-safety/hazards.yaml): its schema, and the parser that names the
// hazard and the field of anything malformed. Pure: the text comes in, the log or an error comes out.
import { CORE_SCHEMA, safeLoad } from 'js-yaml';
import * as z from 'zod/mini';
import { toFieldIssue } from '../../shared/domain/zod';
import { LIKELIHOODS, SEVERITIES } from './risk-matrix';

const text = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

const Risk = z.strictObject({ severity: z.enum(SEVERITIES), likelihood: z.enum(LIKELIHOODS) });

const Control = z.strictObject({
  /** What protects against the cause, in a sentence. */
  description: text,
  /** The test file Jest runs (for a suite imported by another file, the importing .test.ts). */
  file: z.string().check(z.regex(/^test\/[^\s]+\.test\.ts$/, 'must be a test file under test/, e.g. test/integration/plans.test.ts')),
  /** The test's full name as Jest reports it: the describe titles and the test's title, joined by spaces. */
  test: text,
});

const Hazard = z.strictObject({
  id: z.string().check(z.regex(/^H-\d{2,}$/, 'must be H- and a number, e.g. H-07')),
  title: text,
  causes: z.array(text).check(z.minLength(1, 'must list at least one cause')),
  effects: z.array(text).check(z.minLength(1, 'must list at least one effect')),
  initial: Risk,
  /** May be empty here so that the check, not the parser, says which hazard has no control. */
  controls: z.array(Control),
  /** Controls not built yet: shown as planned, never counted. */
  planned: z.optional(z.array(text)),
  residual: Risk,
  notes: z.optional(text),
});

const HazardLogSchema = z.strictObject({
  /** The date the clinical safety officer last reviewed the log: the safety case's date (never today's, so that it is reproducible). */
  reviewedOn: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')),
  scope: text,
  hazards: z.array(Hazard).check(z.minLength(1, 'must list at least one hazard')),
});

export type HazardLog = z.infer<typeof HazardLogSchema>;
export type Hazard = HazardLog['hazards'][number];
export type Control = Hazard['controls'][number];

/** A hazard log that cannot be read: the message names the file, the hazard and the field. */
export class HazardLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HazardLogError';
  }
}

/** "hazard H-04 (The wrong patient...)" for an issue under hazards.3, from what the raw data holds there. */
const whereIs = (raw: unknown, path: string[]): string => {
  if (path[0] !== 'hazards' || path[1] === undefined) return path.length > 0 ? `field ${path.join('.')}` : 'the file';
  const entry = (raw as { hazards?: unknown[] }).hazards?.[Number(path[1])] as { id?: unknown; title?: unknown } | undefined;
  const name = typeof entry?.id === 'string' ? `hazard ${entry.id}${typeof entry.title === 'string' ? ` (${entry.title})` : ''}` : `hazard number ${Number(path[1]) + 1}`;
  const field = path.slice(2).join('.');
  return field ? `${name}, field ${field}` : name;
};

/**
 * Parses and validates the hazard log; throws a HazardLogError naming the hazard and field of each problem.
 * @example parseHazardLog(readFileSync('docs/clinical-safety/hazards.yaml', 'utf8'), 'docs/clinical-safety/hazards.yaml')
 */
export const parseHazardLog = (yamlText: string, source: string): HazardLog => {
  let raw: unknown;
  try {
    raw = safeLoad(yamlText, { filename: source, schema: CORE_SCHEMA });
  } catch (error) {
    throw new HazardLogError(`${source}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = z.safeParse(HazardLogSchema, raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const { field, detail } = toFieldIssue(issue);
      return `${source}: ${whereIs(raw, field ? field.split('.') : [])}: ${detail}`;
    });
    throw new HazardLogError(problems.join('\n'));
  }
  const log = result.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const hazard of log.hazards) {
    if (seen.has(hazard.id)) problems.push(`${source}: hazard ${hazard.id} (${hazard.title}): field id: ${hazard.id} is used by another hazard`);
    seen.add(hazard.id);
    for (const part of ['severity', 'likelihood'] as const) {
      const [before, after] = [hazard.initial[part], hazard.residual[part]];
      const scale: readonly string[] = part === 'severity' ? SEVERITIES : LIKELIHOODS;
      if (scale.indexOf(after) > scale.indexOf(before))
        problems.push(`${source}: hazard ${hazard.id} (${hazard.title}): field residual.${part}: ${after} is above the initial ${before}: controls never raise a risk`);
    }
  }
  if (problems.length > 0) throw new HazardLogError(problems.join('\n'));
  return log;
};
