// `npm run borough:add -- --id newham --name "Newham"`: writes a validated borough file with
// sensible defaults and prints what to do next.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOROUGHS_DIR } from '../boroughs';
import { fail, parseArgs } from '../local/cli-args';
import { BoroughConfigError, parseBoroughConfig, type BoroughConfig } from '../../shared/domain/borough-config';

/**
 * A new borough's configuration: the NHS trust, ambulance service and ICS shared across North East
 * London, the PHB, health-check and API defaults of the first borough. Teams of the borough are added
 * to `organisations` by hand afterwards.
 */
export const defaultBorough = (id: string, name: string): BoroughConfig =>
  parseBoroughConfig(
    {
      id,
      name,
      region: 'eu-west-2',
      organisations: [
        { id: 'elft', name: 'East London NHS Foundation Trust', kind: 'nhs-trust' },
        { id: 'london-ambulance', name: 'London Ambulance Service', kind: 'ambulance' },
        { id: 'nel-ics', name: 'North East London ICS', kind: 'ics' },
      ],
      phb: { defaultAllocationPence: 100000, secondApprovalAbovePence: 50000, reviewAfterMonths: 6 },
      healthThresholds: { bmiHigh: 30, bmiLow: 18.5, systolicHigh: 140, diastolicHigh: 90, exerciseMinutesPerWeekLow: 150 },
      notifications: { fromEmail: `no-reply@${id}.recovery.example.nhs.uk`, smsSenderId: 'Recovery', digestHourUtc: 8 },
      api: { throttleRatePerSecond: 50, throttleBurst: 100 },
    },
    `new borough ${id}`,
    id,
  );

export const addBorough = (id: string, name: string, dir: string = BOROUGHS_DIR): string => {
  const file = join(dir, `${id}.json`);
  if (existsSync(file)) throw new BoroughConfigError(file, 'id', `is "${id}", which exists already`);
  writeFileSync(file, `${JSON.stringify(defaultBorough(id, name), null, 2)}\n`);
  return file;
};

const main = (): void => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.id || !args.name || args.id === 'true' || args.name === 'true') fail('usage: npm run borough:add -- --id <id> --name "<Name>" [--dir DIR]');
  try {
    const file = addBorough(args.id!, args.name!, args.dir && args.dir !== 'true' ? args.dir : undefined);
    process.stdout.write(
      [
        `Wrote ${file}.`,
        'Next:',
        `  1. Add the borough's teams (GP practices, voluntary organisations, PHB provider) to "organisations", and check the PHB policy and thresholds.`,
        `  2. npm test, then npx cdk synth: the stack Recovery-${args.id} appears beside the others.`,
        `  3. npx cdk deploy Recovery-${args.id}: only this borough's stack changes.`,
        `  4. Verify ${defaultBorough(args.id!, args.name!).notifications.fromEmail.split('@')[1]} in SES, then create the first users (README: "Deploying a borough").`,
      ].join('\n') + '\n',
    );
  } catch (error) {
    fail(error instanceof BoroughConfigError ? error.message : (error as Error).message);
  }
};

if (require.main === module) main();
