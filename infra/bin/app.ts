#!/usr/bin/env node
// The operator's entry (`npx cdk synth`, `cdk deploy`): builds the web front end, then one stack per
// borough file. Regions come from the borough files; the account from the CLI when it knows one.
import { rmSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { BOROUGHS_DIR_CONTEXT, boroughsDirFrom, loadBoroughs } from '../boroughs';
import { buildApp } from '../app';
import { buildWebForSynth } from '../web-build';
import { BoroughConfigError } from '../../shared/domain/borough-config';

const main = async (): Promise<void> => {
  // `-c recovery:boroughsDir=DIR` (or RECOVERY_BOROUGHS_DIR) synthesizes another folder of borough files.
  // The context is read the way the CLI passes it, through an App that is never synthesized.
  const context: unknown = new App({ autoSynth: false }).node.tryGetContext(BOROUGHS_DIR_CONTEXT);
  const boroughs = loadBoroughs(boroughsDirFrom(context, process.env.RECOVERY_BOROUGHS_DIR));
  const webDistDir = await buildWebForSynth();
  try {
    buildApp(boroughs, {}, { account: process.env.CDK_DEFAULT_ACCOUNT, webDistDir }).app.synth();
  } finally {
    // Synthesis copied the page into cdk.out as an asset; the build folder is no longer needed.
    rmSync(webDistDir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof BoroughConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
