import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadBoroughs } from '../../infra/boroughs';
import { ServiceFunction } from '../../infra/constructs/service-function';

/** One boroughs function as a borough's stack builds it, with the borough file's Tracer setting; its template and bundle folder. */
const synth = (tracer: boolean | undefined) => {
  const app = new App();
  const stack = new Stack(app, `Tracer-${String(tracer)}`, { env: { account: '111111111111', region: 'eu-west-2' } });
  const demo = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
  const borough = tracer === undefined ? demo : { ...demo, observability: { tracer } };
  new ServiceFunction(stack, 'Boroughs', { service: 'boroughs', borough, tableName: 'table', key: new kms.Key(stack, 'Key') });
  const template = Template.fromStack(stack);
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Code: { S3Key: string } } }[];
  const folder = join(app.outdir, `asset.${fn!.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  return { template, folder, bundle: readFileSync(join(folder, 'index.js'), 'utf8') };
};

// A string only the Powertools Tracer's code holds (its X-Ray instrumentation of SDK v3 clients).
const TRACER_MARK = 'XRaySDKInstrumentation';

describe('the Powertools Tracer per borough (design decision 9)', () => {
  const byDefault = synth(undefined);
  const on = synth(true);

  it("keeps Lambda's active tracing on either way", () => {
    for (const { template } of [byDefault, on]) template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
  });

  it('is off by default: switched off in the environment and left out of the bundle', () => {
    byDefault.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'false' }) } });
    expect(byDefault.bundle).not.toContain(TRACER_MARK);
  });

  it('where the borough file turns it on: switched on in the environment and bundled', () => {
    on.template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'true' }) } });
    expect(on.bundle).toContain(TRACER_MARK);
  });

  it('puts the API document generated at build time beside the boroughs bundle', () => {
    expect(readdirSync(byDefault.folder)).toContain('openapi.json');
    expect(existsSync(join(on.folder, 'openapi.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(byDefault.folder, 'openapi.json'), 'utf8'))).toMatchObject({ openapi: '3.1.0' });
  });
});
