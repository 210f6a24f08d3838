import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The operator's path: `npx cdk synth` through the CDK CLI, exactly as the README says, from the
 * repo root, whatever region the operator's profile names and with no credentials at all (the CLI
 * then knows no account). The in-process tests build the app another way; this one proves the CLI's.
 */
const ROOT = join(__dirname, '..', '..');
const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const synth = (env: Record<string, string>, args: string[] = []): { status: number | null; output: string; outdir: string } => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
  // No credentials: a clean HOME without ~/.aws, and none of the usual variables.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  const run = spawnSync(process.execPath, [CDK, 'synth', '--quiet', '--output', outdir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...clean, HOME: mkdtempSync(join(tmpdir(), 'home-')), AWS_EC2_METADATA_DISABLED: 'true', ...env },
    timeout: 240_000,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, outdir };
};

const boroughFiles = readdirSync(join(ROOT, 'infra', 'boroughs')).filter((f) => f.endsWith('.json'));

const manifestOf = (outdir: string): Record<string, { environment?: string }> =>
  (JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { environment?: string }> }).artifacts;

const errorsOf = (output: string): string[] => output.split('\n').filter((l) => /ERROR|Error:|finished with errors/.test(l));

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
    expect(policy).toContain(`https://${prefix}.auth.eu-west-2.amazoncognito.com `);
  });

  it('stages the web front end it built itself (no npm run web:build needed first)', () => {
    const template = JSON.parse(readFileSync(join(run.outdir, `Recovery-${boroughFiles[0]!.replace(/\.json$/, '')}.template.json`), 'utf8')) as Template;
    expect(Object.values(template.Resources).some((r) => r.Type === 'Custom::CDKBucketDeployment')).toBe(true);
    const assets = readdirSync(run.outdir).filter((d) => d.startsWith('asset.'));
    expect(assets.some((d) => existsSync(join(run.outdir, d, 'index.html')))).toBe(true);
  });
});
