// `npm run borough:add -- --id newham --name "Newham" --from-email no-reply@recovery.newham.nhs.uk`: writes a validated borough file with
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
export const defaultBorough = (id: string, name: string, fromEmail: string): BoroughConfig =>
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
      notifications: { fromEmail, smsSenderId: 'Recovery', digestHourUtc: 8 },
      api: { throttleRatePerSecond: 50, throttleBurst: 100 },
    },
    `new borough ${id}`,
    id,
  );

export const addBorough = (id: string, name: string, fromEmail: string, dir: string = BOROUGHS_DIR): string => {
  const file = join(dir, `${id}.json`);
  if (existsSync(file)) throw new BoroughConfigError(file, 'id', `is "${id}", which exists already`);
  writeFileSync(file, `${JSON.stringify(defaultBorough(id, name, fromEmail), null, 2)}\n`);
  return file;
};

const main = (): void => {
  const args = parseArgs(process.argv.slice(2));
  const given = (name: string) => (args[name] && args[name] !== 'true' ? args[name] : undefined);
  const [id, name, fromEmail] = [given('id'), given('name'), given('from-email')];
  if (!id || !name || !fromEmail) return fail('usage: npm run borough:add -- --id <id> --name "<Name>" --from-email <no-reply@the-borough\'s-own-domain> [--dir DIR]');
  try {
    const file = addBorough(id, name, fromEmail, given('dir'));
    process.stdout.write(
      [
        `Wrote ${file}.`,
        'Next:',
        `  1. Add the borough's teams (GP practices, voluntary organisations, PHB provider) to "organisations", and check the PHB policy and thresholds.`,
        `  2. npm test, then npx cdk synth: the stack Recovery-${id} appears beside the others.`,
        `  3. npx cdk deploy Recovery-${id}: only this borough's stack changes.`,
        `  4. Add the DKIM records of ${fromEmail.split('@')[1]} (stack outputs EmailDkimRecord1-3) to its DNS, set notifications.sesVerified once SES shows it verified, deploy again, then invite the first operator (docs/first-deploy.md).`,
      ].join('\n') + '\n',
    );
  } catch (error) {
    fail(error instanceof BoroughConfigError ? error.message : (error as Error).message);
  }
};

if (require.main === module) main();
