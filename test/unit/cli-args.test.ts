import { tmpdir } from 'node:os';
import { outputFolder, parseArgs } from '../../infra/local/cli-args';

describe('command lines', () => {
  it('reads --name value, --name=value and a bare --flag', () => {
    expect(parseArgs(['--borough', 'newham', '--port=3001', '--write'])).toEqual({ borough: 'newham', port: '3001', write: 'true' });
  });

  it('npm run screenshots writes into the tracked folder only with --write, else into a new temporary one', () => {
    // Prepare, Act
    const tried = outputFolder(parseArgs([]), '/repo/web/screenshots', 'screenshots-');
    const asked = outputFolder(parseArgs(['--write']), '/repo/web/screenshots', 'screenshots-');
    // Assess
    expect(tried.written).toBe(false);
    expect(tried.folder.startsWith(tmpdir())).toBe(true);
    expect(tried.folder).not.toBe(outputFolder({}, '/repo/web/screenshots', 'screenshots-').folder);
    expect(asked).toEqual({ folder: '/repo/web/screenshots', written: true });
  });
});
