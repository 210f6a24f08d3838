import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { SERVICES } from '../functions/services';
import type { BoroughConfig } from '../shared/domain/borough-config';
import { applyNagSuppressions } from './nag-suppressions';
import { BoroughStack } from './stacks/borough-stack';

export const stackIdFor = (boroughId: string): string => `Recovery-${boroughId}`;

/**
 * The CDK app: one `Recovery-<id>` stack per borough, checked by cdk-nag's AwsSolutions and
 * HIPAA Security packs (unacknowledged findings fail synthesis).
 */
export const buildApp = (boroughs: readonly BoroughConfig[], props: AppProps = {}, env?: { account?: string; region?: string }): { app: App; stacks: BoroughStack[] } => {
  const app = new App(props);
  const stacks = boroughs.map((borough) => {
    const stack = new BoroughStack(app, stackIdFor(borough.id), {
      borough,
      services: SERVICES,
      env: { region: 'eu-west-2', ...env },
      description: `Recovery platform: ${borough.name}`,
    });
    applyNagSuppressions(stack);
    return stack;
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new HIPAASecurityChecks(app, { verbose: true }));
  return { app, stacks };
};
