#!/usr/bin/env node
import { loadBoroughs } from '../boroughs';
import { buildApp } from '../app';
import { BoroughConfigError } from '../../shared/domain/borough-config';

try {
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' };
  // RECOVERY_BOROUGHS_DIR points synth at another folder of borough files (used by tests).
  buildApp(loadBoroughs(process.env.RECOVERY_BOROUGHS_DIR), {}, env).app.synth();
} catch (error) {
  if (error instanceof BoroughConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
