import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { BOROUGHS_DIR, loadBoroughs } from '../../infra/boroughs';

const ROOT = join(__dirname, '..', '..');

describe('onboarding a borough: from the CLI to a synthesized stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boroughs-'));
  for (const f of readdirSync(BOROUGHS_DIR)) copyFileSync(join(BOROUGHS_DIR, f), join(dir, f));
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/ops/borough-add.ts'), ...args, '--dir', dir], { encoding: 'utf8' });

  it('writes a valid file and prints the next steps; refuses a second time', () => {
    const first = run(['--id', 'barking-and-dagenham', '--name', 'Barking and Dagenham', '--from-email', 'no-reply@recovery.lbbd.nhs.uk']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('npx cdk deploy Recovery-barking-and-dagenham');
    const again = run(['--id', 'barking-and-dagenham', '--name', 'Barking and Dagenham', '--from-email', 'no-reply@recovery.lbbd.nhs.uk']);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toMatch(/barking-and-dagenham\.json: field "id" is "barking-and-dagenham", which exists already/);
  });

  it('refuses a real borough without its own sending domain, or with an example one', () => {
    expect(run(['--id', 'havering', '--name', 'Havering']).stderr).toMatch(/--from-email/);
    const example = run(['--id', 'havering', '--name', 'Havering', '--from-email', 'no-reply@havering.example.org']);
    expect({ status: example.status, stderr: example.stderr.trim() }).toEqual({
      status: 1,
      stderr: expect.stringMatching(/field "notifications.fromEmail" is "no-reply@havering.example.org", an example domain/),
    });
  });

  it('gives a stack of its own beside the others, touching none of theirs', () => {
    const boroughs = loadBoroughs(dir);
    const { stacks } = buildApp(boroughs);
    expect(stacks.map((s) => s.stackName).sort()).toEqual(boroughs.map((b) => `Recovery-${b.id}`).sort());
    const template = Template.fromStack(stacks.find((s) => s.stackName === 'Recovery-barking-and-dagenham')!);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    expect(template.findOutputs('TableName')).toBeDefined();
    expect(JSON.stringify(template.toJSON())).not.toMatch(/city-and-hackney|newham|tower-hamlets/);
  });
});

describe('isolation between the boroughs in the repository', () => {
  const boroughs = loadBoroughs();
  const { stacks } = buildApp(boroughs);

  it('synthesizes one stack per borough file (at least the three of North East London so far)', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(expect.arrayContaining(['Recovery-city-and-hackney', 'Recovery-newham', 'Recovery-tower-hamlets']));
  });

  it.each(boroughs.map((b) => b.id))("%s: IAM policies name only its own table and key, never another borough's", (id) => {
    const template = Template.fromStack(stacks.find((s) => s.stackName === `Recovery-${id}`)!);
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    for (const other of boroughs.filter((b) => b.id !== id)) expect(policies).not.toContain(`recovery-${other.id}`);
    // Table and key are referenced inside the stack (GetAtt/Ref), not by a name or ARN from elsewhere.
    expect(policies).not.toMatch(/arn:aws:dynamodb:[^"]*:table\//);
    expect(policies).not.toMatch(/arn:aws:kms:[^"]*:key\//);
  });
});
