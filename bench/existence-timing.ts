// `npx tsx bench/existence-timing.ts [--rounds N]`: can a caller tell a patient who exists from an id
// that is no patient by how long a refusal takes? Alternates refused requests on a real patient and
// on an unknown one over HTTP against the local platform, and prints medians, quantiles and how
// separable the two are (AUC: 0.5 is a coin toss, 1.0 tells them apart every time). Prints only;
// docs/security.md records what it measured.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadBoroughs } from '../infra/boroughs';
import { parseArgs } from '../infra/local/cli-args';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { freePort } from '../infra/local/free-port';
import { localIssuer } from '../infra/local/issuer';
import { createPlatform } from '../infra/local/platform';
import { devToken } from '../infra/local/dev-tokens';
import { DEMO_BIRTH_DATES, DEMO_NHS_NUMBERS, seedBorough } from '../infra/local/seed';
import { createLocalServer } from '../infra/local/server';
import { required } from '../infra/required';
import { withCheckDigit } from '../shared/domain/nhs-number';
import { tempDir } from './bundles';
import { median, ms, quantile } from './stats';

const BOROUGH = 'city-and-hackney';

/** The probability that a sample of `a` is slower than one of `b` (ties count half): Mann-Whitney's AUC. */
const auc = (a: readonly number[], b: readonly number[]): number => {
  let wins = 0;
  for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
  return wins / (a.length * b.length);
};

const row = (name: string, samples: readonly number[]): string =>
  `| ${name} | ${ms(quantile(samples, 0.1))} | ${ms(median(samples))} | ${ms(quantile(samples, 0.9))} | ${ms(quantile(samples, 0.99))} |`;

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const rounds = Number(args.rounds ?? 400);
  const dynamo = await startDynamoLocal({ inMemory: true });
  const issuer = await localIssuer(join(tempDir(), 'key.json'));
  const platform = await createPlatform({ endpoint: dynamo.endpoint, boroughs: loadBoroughs(), issuer });
  const runtime = required(platform.boroughs.get(BOROUGH), `borough ${BOROUGH}`);
  await seedBorough(runtime);
  const server = createLocalServer(platform, issuer);
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const base = `http://127.0.0.1:${port}/${BOROUGH}`;
  const gpSystem = required(await devToken(issuer, runtime.config, 'gp-system'), `system client gp-system of ${BOROUGH}`);
  const unknownNhs = required(withCheckDigit('999000099'), 'an NHS number with a check digit');

  const send = async (path: string, bearer: string, init: RequestInit = {}): Promise<number> => {
    const start = performance.now();
    const res = await fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });
    await res.arrayBuffer();
    const took = performance.now() - start;
    if (res.status !== (init.method === 'POST' ? 200 : 404)) throw new Error(`${path} answered ${res.status}`);
    return took;
  };
  let observation = 0;
  const importOne = (nhsNumber: string, birthDate: string) => ({
    method: 'POST',
    body: JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Observation',
            id: `probe-${++observation}`,
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '39156-5' }] },
            subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
            effectiveDateTime: '2024-01-01T10:00:00.000Z',
            valueQuantity: { value: 24, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' },
          },
        },
        { resource: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber }], birthDate } },
      ],
    }),
  });

  // Refusals are logged one by one up to 10 per caller and patient in 15 minutes, then only counted:
  // "logged" gives every fifth pair a new caller, "flood" is one caller throughout.
  const tokens = new Map<string, string>();
  const caller = async (id: string) => {
    const known = tokens.get(id);
    if (known !== undefined) return known;
    const token = await issuer.sign({ id, borough: BOROUGH, roles: ['clinician'], org: 'elft' });
    tokens.set(id, token);
    return token;
  };
  const series = {
    readLoggedKnown: [] as number[],
    readLoggedUnknown: [] as number[],
    readFloodKnown: [] as number[],
    readFloodUnknown: [] as number[],
    gpKnown: [] as number[],
    gpUnknown: [] as number[],
  };
  const warmup = 20;
  for (let i = 0; i < warmup + rounds; i++) {
    const keep = i >= warmup;
    const logged = await caller(`prober-${Math.floor(i / 5)}`);
    const flood = await caller('prober-flood');
    // Alternate which goes first, so that drift on a shared machine hits both alike.
    const pairs: [number[], () => Promise<number>][][] = [
      [
        [series.readLoggedKnown, () => send('/patients/andre/crisis-plan', logged)],
        [series.readLoggedUnknown, () => send('/patients/nobody-by-this-id/crisis-plan', logged)],
      ],
      [
        [series.readFloodKnown, () => send('/patients/andre/crisis-plan', flood)],
        [series.readFloodUnknown, () => send('/patients/nobody-by-this-id/crisis-plan', flood)],
      ],
      [
        [series.gpKnown, () => send('/imports/gp', gpSystem, importOne(DEMO_NHS_NUMBERS.andre, DEMO_BIRTH_DATES.andre))],
        [series.gpUnknown, () => send('/imports/gp', gpSystem, importOne(unknownNhs, DEMO_BIRTH_DATES.andre))],
      ],
    ];
    for (const pair of pairs) {
      for (const [samples, run] of i % 2 === 0 ? pair : [...pair].reverse()) {
        const took = await run();
        if (keep) samples.push(took);
      }
    }
  }
  const out = [
    `existence timing: ${rounds} rounds, ms over HTTP on loopback`,
    '| request | p10 | median | p90 | p99 |',
    '| --- | --- | --- | --- | --- |',
    row('read, refused, real patient (logged)', series.readLoggedKnown),
    row('read, unknown id (logged)', series.readLoggedUnknown),
    row('read, refused, real patient (flood)', series.readFloodKnown),
    row('read, unknown id (flood)', series.readFloodUnknown),
    row('GP import, NHS number of a patient who did not share', series.gpKnown),
    row('GP import, unknown NHS number', series.gpUnknown),
    '',
    `AUC real-slower-than-unknown: read logged ${auc(series.readLoggedKnown, series.readLoggedUnknown).toFixed(2)}, read flood ${auc(series.readFloodKnown, series.readFloodUnknown).toFixed(2)}, GP import ${auc(series.gpKnown, series.gpUnknown).toFixed(2)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  server.close();
  await dynamo.stop();
};

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
