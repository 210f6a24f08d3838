import { buildApp } from '../../infra/app';
import { loadBoroughs } from '../../infra/boroughs';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import type { BoroughStack } from '../../infra/stacks/borough-stack';

let built: { borough: BoroughConfig; stack: BoroughStack } | undefined;

/**
 * The demo borough's app as `cdk synth` builds it, once for every suite of test/infra/demo-stack.test.ts:
 * a synth bundles every function and runs cdk-nag, so each file of its own would pay for it again.
 */
export const demoApp = (): { borough: BoroughConfig; stack: BoroughStack } => {
  if (!built) {
    const borough = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
    built = { borough, stack: buildApp([borough]).stacks[0]! };
  }
  return built;
};
