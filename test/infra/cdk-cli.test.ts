import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorsOf, manifestOf, ROOT, synth, type Template } from './cdk-cli-run';

/**
 * The operator's path: `npx cdk synth` through the CDK CLI, exactly as the README says, from the
 * repo root, whatever region the operator's profile names and with no credentials at all (the CLI
 * then knows no account). The in-process tests build the app another way; this one proves the CLI's.
 */
const boroughFiles = readdirSync(join(ROOT, 'infra', 'boroughs')).filter((f) => f.endsWith('.json'));

// Two runs (each synthesizes every borough with cdk-nag): the operator's profile in the US with no
// credentials at all, and a staging deploy in London with credentials (the CLI then passes the account on).
describe.each([
  { region: 'us-east-1', account: undefined, environment: undefined },
  { region: 'eu-west-2', account: '123456789012', environment: 'staging' },
])('npx cdk synth with AWS_REGION=$region, account $account, environment $environment', ({ region, account, environment }) => {
  const run = synth(account ? { AWS_REGION: region, CDK_DEFAULT_ACCOUNT: account } : { AWS_REGION: region }, environment ? ['-c', `recovery:environment=${environment}`] : []);

  it('succeeds with no cdk-nag error', () => {
    expect({ status: run.status, errors: errorsOf(run.output) }).toEqual({ status: 0, errors: [] });
  });

  it('writes one template per borough file, for the region its borough file names whatever the profile says', () => {
    for (const file of boroughFiles) {
      const id = file.replace(/\.json$/, '');
      const borough = JSON.parse(readFileSync(join(ROOT, 'infra', 'boroughs', file), 'utf8')) as { region: string };
      expect(manifestOf(run.outdir)[`Recovery-${id}`]?.environment).toBe(`aws://${account ?? 'unknown-account'}/${borough.region}`);
      expect(existsSync(join(run.outdir, `Recovery-${id}.template.json`))).toBe(true);
    }
  });

  it("names the hosted UI domain for the environment, and the page's CSP allows exactly that domain", () => {
    const template = JSON.parse(readFileSync(join(run.outdir, 'Recovery-city-and-hackney.template.json'), 'utf8')) as Template;
    const prefix = `recovery-nel-city-and-hackney${environment ? `-${environment}` : ''}`;
    const domain = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPoolDomain');
    expect(domain?.Properties?.Domain).toBe(prefix);
    const policy = JSON.stringify(Object.values(template.Resources).find((r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policy).toContain(`connect-src 'self' https://${prefix}.auth.eu-west-2.amazoncognito.com;`);
  });

  it('stages the web front end it built itself (no npm run web:build needed first)', () => {
    const template = JSON.parse(readFileSync(join(run.outdir, `Recovery-${boroughFiles[0]!.replace(/\.json$/, '')}.template.json`), 'utf8')) as Template;
    expect(Object.values(template.Resources).some((r) => r.Type === 'Custom::CDKBucketDeployment')).toBe(true);
    const assets = readdirSync(run.outdir).filter((d) => d.startsWith('asset.'));
    expect(assets.some((d) => existsSync(join(run.outdir, d, 'index.html')))).toBe(true);
  });
});
