import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the operator's `npx cdk synth` through the real CDK CLI, from the repo root, with no
 * credentials at all, and reads the cloud assembly it writes. Shared by the CLI tests.
 */
export const ROOT = join(__dirname, '..', '..');
const CDK = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

export interface SynthRun {
  status: number | null;
  output: string;
  outdir: string;
  seconds: number;
}

export const synth = (env: Record<string, string>, args: string[] = [], timeoutMs = 240_000): SynthRun => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-cli-'));
  // No credentials: a clean HOME without ~/.aws, and none of the usual variables.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('CDK_')));
  const started = Date.now();
  const run = spawnSync(process.execPath, [CDK, 'synth', '--quiet', '--output', outdir, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...clean, HOME: mkdtempSync(join(tmpdir(), 'home-')), AWS_EC2_METADATA_DISABLED: 'true', ...env },
    timeout: timeoutMs,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, outdir, seconds: (Date.now() - started) / 1000 };
};

/** Lines of the CLI's output that report an error (cdk-nag's included). */
export const errorsOf = (output: string): string[] => output.split('\n').filter((l) => /ERROR|Error:|finished with errors/.test(l));

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
}

interface Artifact {
  type: string;
  environment?: string;
  properties?: { templateFile?: string; directoryName?: string };
}

export const manifestOf = (outdir: string): Record<string, Artifact> => (JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, Artifact> }).artifacts;

export interface StackTemplate {
  id: string;
  environment: string;
  template: Template;
  /** Size of the template file as CloudFormation receives it. */
  bytes: number;
}

/** Every CloudFormation stack of the assembly (of nested assemblies too, e.g. stages), whatever its kind. */
export const stacksOf = (outdir: string): StackTemplate[] =>
  Object.entries(manifestOf(outdir)).flatMap(([id, artifact]): StackTemplate[] => {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) return stacksOf(join(outdir, artifact.properties.directoryName));
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) return [];
    const file = join(outdir, artifact.properties.templateFile);
    return [{ id, environment: artifact.environment ?? '', template: JSON.parse(readFileSync(file, 'utf8')) as Template, bytes: statSync(file).size }];
  });

/** The resources of a type across stacks, each with the stack it is in. */
export const resourcesOf = (stacks: readonly StackTemplate[], type: string): { stack: string; logicalId: string; properties: Record<string, unknown> }[] =>
  stacks.flatMap((s) =>
    Object.entries(s.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([logicalId, r]) => ({ stack: s.id, logicalId, properties: r.Properties ?? {} })),
  );
