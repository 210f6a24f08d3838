import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The layers of DESIGN.md are checked by `npm run lint` (eslint.config.mjs), not hoped for: a file
 * that crosses a boundary fails it. Each probe is written where such code would live, in a copy of the
 * sources (never the real tree, which other tests read at the same time), and linted with the
 * project's own configuration.
 */
const PROJECT = join(__dirname, '..', '..');
const COPIED = ['eslint.config.mjs', 'tsconfig.json', 'package.json', 'functions', 'shared', 'web/src', 'web/tsconfig.json'];

const PROBES = [
  { file: 'functions/plans/boundary-probe-aws.ts', code: "import { GetCommand } from '@aws-sdk/lib-dynamodb';\n\nexport const probe = GetCommand;\n", crosses: 'a route importing the AWS SDK' },
  {
    file: 'functions/plans/boundary-probe-door.ts',
    code: "import { openTheDoor } from '../../shared/record/door-gate';\n\nexport const probe = openTheDoor;\n",
    crosses: 'a route opening the record door itself',
  },
  {
    file: 'shared/http/boundary-probe-client.ts',
    code: "import { makeStoreClients } from '../store/client';\n\nexport const probe = makeStoreClients;\n",
    crosses: "shared/http importing the store's clients",
  },
  { file: 'shared/domain/boundary-probe-store.ts', code: "import { planKey } from '../store/plan-repository';\n\nexport const probe = planKey;\n", crosses: 'the domain importing the store' },
  { file: 'shared/store/boundary-probe-http.ts', code: "import { NotFoundError } from '../http/problem';\n\nexport const probe = NotFoundError;\n", crosses: 'the store importing http' },
  { file: 'web/src/boundary-probe-shared.ts', code: "import { decideAccess } from '../../shared/domain/consent';\n\nexport const probe = decideAccess;\n", crosses: 'the web importing backend code' },
];
const ALLOWED = { file: 'functions/plans/boundary-probe-record.ts', code: "import { patientRecord } from '../../shared/record/patient-record';\n\nexport const probe = patientRecord;\n" };

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

describe('import boundaries are enforced by the linter', () => {
  let results: Map<string, LintResult['messages']>;

  beforeAll(() => {
    const files = [...PROBES, ALLOWED];
    const root = mkdtempSync(join(tmpdir(), 'import-boundaries-'));
    try {
      for (const path of COPIED) cpSync(join(PROJECT, path), join(root, path), { recursive: true });
      symlinkSync(join(PROJECT, 'node_modules'), join(root, 'node_modules'), 'dir');
      for (const probe of files) writeFileSync(join(root, probe.file), probe.code);
      const eslint = join(PROJECT, 'node_modules', 'eslint', 'bin', 'eslint.js');
      const run = spawnSync(process.execPath, [eslint, '--format', 'json', ...files.map((p) => p.file)], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      const parsed = JSON.parse(run.stdout) as LintResult[];
      results = new Map(parsed.map((r) => [r.filePath.slice(root.length + 1), r.messages]));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 150_000);

  it.each(PROBES.map((p) => [p.crosses, p] as const))('%s fails the lint', (_crosses, probe) => {
    expect((results.get(probe.file) ?? []).map((m) => m.ruleId)).toContain('no-restricted-imports');
  });

  it('a route reaching patient data through the record passes', () => {
    expect(results.get(ALLOWED.file)).toEqual([]);
  });
});
