import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { BoroughConfigError, parseBoroughConfig, type BoroughConfig } from '../shared/domain/borough-config';

export const BOROUGHS_DIR = join(__dirname, 'boroughs');

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

/** Every `infra/boroughs/<id>.json`, validated, sorted by id. */
export const loadBoroughs = (dir: string = BOROUGHS_DIR): BoroughConfig[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadBoroughFile(join(dir, f)));
