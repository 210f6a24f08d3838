import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/app';
import { loadBoroughs } from '../../infra/boroughs';

interface Report {
  pluginReports: { pluginName: string; conclusion: string; violations: unknown[]; suppressedViolations: { ruleName: string; reason?: string }[] }[];
}

const ROOT = join(__dirname, '..', '..');

describe('cdk-nag: AwsSolutions and HIPAA Security', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
  const { app } = buildApp(loadBoroughs(), { outdir });
  app.synth();
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;

  it("runs both packs (beside CDK's own CloudFormation validation)", () => {
    expect(report.pluginReports.map((p) => p.pluginName)).toEqual(expect.arrayContaining(['AwsSolutions', 'HIPAA.Security']));
  });

  it('leaves 0 unacknowledged findings', () => {
    for (const plugin of report.pluginReports) {
      expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
      expect(plugin.conclusion).toBe('success');
    }
  });

  it('gives every acknowledged finding a reason', () => {
    const acknowledged = report.pluginReports.flatMap((p) => p.suppressedViolations);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) expect({ rule: ack.ruleName, reason: (ack.reason ?? '').length > 20 }).toEqual({ rule: ack.ruleName, reason: true });
  });
});

describe('synth with a bad borough file', () => {
  it('fails naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boroughs-'));
    const good = JSON.parse(readFileSync(join(ROOT, 'infra/boroughs/city-and-hackney.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'city-and-hackney.json'), JSON.stringify({ ...good, api: { throttleRatePerSecond: 0, throttleBurst: 1, reservedConcurrency: 1 } }));
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/bin/app.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, RECOVERY_BOROUGHS_DIR: dir, CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')) },
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/city-and-hackney\.json: field "api\.throttleRatePerSecond"/);
  });
});
