import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { BoroughConfigError, parseBoroughConfig, type BoroughConfig } from '../shared/domain/borough-config';

export const BOROUGHS_DIR = join(__dirname, 'boroughs');

/**
 * The CDK context value naming another folder of borough files to synthesize (`npx cdk synth -c
 * recovery:boroughsDir=/path`): for tests of many boroughs, or an operator trying a change, without
 * touching infra/boroughs.
 */
export const BOROUGHS_DIR_CONTEXT = 'recovery:boroughsDir';

/** A folder of borough files that cannot be read as one; the message says what to give instead. */
export class BoroughsFolderError extends BoroughConfigError {
  constructor(folder: string, detail: string) {
    super(folder, '', detail);
    this.message = `Borough folder ${folder} ${detail} (give a folder of <id>.json files, e.g. -c ${BOROUGHS_DIR_CONTEXT}=DIR)`;
  }
}

/** Reads and validates one borough file; errors name the file (relative to the repo) and the field. */
export const loadBoroughFile = (path: string): BoroughConfig => {
  const source = relative(join(__dirname, '..'), path) || path;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BoroughConfigError(source, '', `is not valid JSON (${(error as Error).message})`);
  }
  return parseBoroughConfig(parsed, source, basename(path, '.json'));
};

/**
 * Every `<id>.json` of the folder (default infra/boroughs), validated, sorted by id. A folder that is
 * missing or holds no borough file is an error: synthesizing no stack at all would look like success.
 */
export const loadBoroughs = (dir: string = BOROUGHS_DIR): BoroughConfig[] => {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new BoroughsFolderError(folder, 'does not exist or is not a folder');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new BoroughsFolderError(folder, 'holds no borough file');
  return files.map((f) => loadBoroughFile(join(folder, f)));
};

/**
 * The folder a synth reads its boroughs from: the context value if given (relative to the current
 * folder), else the RECOVERY_BOROUGHS_DIR variable older scripts set, else infra/boroughs.
 * @example boroughsDirFrom(app.node.tryGetContext(BOROUGHS_DIR_CONTEXT), process.env.RECOVERY_BOROUGHS_DIR)
 */
export const boroughsDirFrom = (context: unknown, fallback?: string): string => {
  if (context === undefined || context === '') return fallback ? resolve(fallback) : BOROUGHS_DIR;
  if (typeof context !== 'string') throw new BoroughsFolderError(JSON.stringify(context), 'is not a path');
  return resolve(context);
};
