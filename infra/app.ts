import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { SERVICES } from '../functions/services';
import { BoroughConfigError, type BoroughConfig } from '../shared/domain/borough-config';
import { emailDomain } from './constructs/email-identity';
import { ACCOUNT_CONCURRENCY_CONTEXT, checkReservedConcurrency, DEFAULT_ACCOUNT_CONCURRENCY } from './concurrency';
import { applyBackupCopyNagSuppressions, applyEdgeNagSuppressions, applyNagSuppressions } from './nag-suppressions';
import { BoroughStack } from './stacks/borough-stack';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack';
import { BackupCopyStack } from './stacks/backup-copy-stack';

export const stackIdFor = (boroughId: string): string => `Recovery-${boroughId}`;

/** A borough's backup account must be another account than the one it deploys to, which must be known. */
const checkBackupCopy = (borough: BoroughConfig, account: string | undefined): void => {
  const copyAccount = borough.backup.copyToAccount;
  if (!copyAccount) return;
  const source = `infra/boroughs/${borough.id}.json`;
  if (!account)
    throw new BoroughConfigError(source, 'backup.copyToAccount', "needs the account the borough deploys to, to let it copy in: run the CDK with that account's credentials (or CDK_DEFAULT_ACCOUNT)");
  if (copyAccount === account) throw new BoroughConfigError(source, 'backup.copyToAccount', 'is the account the borough deploys to: the copies must be out of reach of that account');
};

/** One SES identity per sending domain and account: two boroughs sending from one domain would collide. */
const checkSendingDomains = (boroughs: readonly BoroughConfig[]): void => {
  const seen = new Map<string, string>();
  for (const borough of boroughs) {
    const domain = emailDomain(borough.notifications.fromEmail).toLowerCase();
    const other = seen.get(domain);
    if (other) throw new BoroughConfigError(`infra/boroughs/${borough.id}.json`, 'notifications.fromEmail', `sends from ${domain}, as ${other} does: each borough needs a sending domain of its own`);
    seen.set(domain, borough.id);
  }
};

export interface BuildOptions {
  /** The account to deploy to, when the CLI knows it (CDK_DEFAULT_ACCOUNT); unknown otherwise. */
  account?: string;
  /** The built web front end to upload (default `web/dist`). */
  webDistDir?: string;
}

/**
 * The CDK app: one `Recovery-<id>` stack per borough, in the region its borough file names (never the
 * operator's profile's), checked by cdk-nag's AwsSolutions and HIPAA Security packs (unacknowledged
 * findings fail synthesis).
 */
export const buildApp = (boroughs: readonly BoroughConfig[], props: AppProps = {}, options: BuildOptions = {}): { app: App; stacks: BoroughStack[] } => {
  const app = new App(props);
  const accountLimit = Number(app.node.tryGetContext(ACCOUNT_CONCURRENCY_CONTEXT) ?? DEFAULT_ACCOUNT_CONCURRENCY);
  checkReservedConcurrency(boroughs, SERVICES.length, accountLimit);
  for (const borough of boroughs) checkBackupCopy(borough, options.account);
  checkSendingDomains(boroughs);
  const stacks = boroughs.map((borough) => {
    const edge = new EdgeStack(app, `${stackIdFor(borough.id)}-edge`, {
      borough,
      env: { account: options.account, region: EDGE_REGION },
      description: `Recovery platform: ${borough.name}, edge (web ACL and certificate for CloudFront)`,
    });
    applyEdgeNagSuppressions(edge);
    const stack = new BoroughStack(app, stackIdFor(borough.id), {
      borough,
      edge,
      services: SERVICES,
      webDistDir: options.webDistDir,
      env: { account: options.account, region: borough.region },
      description: `Recovery platform: ${borough.name}`,
    });
    applyNagSuppressions(stack);
    const copyAccount = borough.backup.copyToAccount;
    if (copyAccount && options.account) {
      const copies = new BackupCopyStack(app, `${stackIdFor(borough.id)}-backup-copy`, {
        borough,
        sourceAccount: options.account,
        env: { account: copyAccount, region: borough.region },
        description: `Recovery platform: ${borough.name}, locked copies of the backups`,
      });
      applyBackupCopyNagSuppressions(copies);
    }
    return stack;
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }), new HIPAASecurityChecks(app, { verbose: true }));
  return { app, stacks };
};
