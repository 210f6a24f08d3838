import { loadBoroughs } from '../boroughs';
import { fail } from '../local/cli-args';
import type { BoroughConfig } from '../../shared/domain/borough-config';

/** The borough file an ops command's `--borough` names, or exit 1 saying there is none. */
export const boroughNamed = (id: string): BoroughConfig => loadBoroughs().find((b) => b.id === id) ?? fail(`There is no borough "${id}" in infra/boroughs.`);
