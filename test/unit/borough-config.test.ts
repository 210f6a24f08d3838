import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBoroughFile, loadBoroughs } from '../../infra/boroughs';
import { BoroughConfigError, parseBoroughConfig } from '../../shared/domain/borough-config';

const valid = () => loadBoroughs().find((b) => b.id === 'city-and-hackney')!;

const writeTemp = (name: string, content: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'borough-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('borough configuration', () => {
  it('loads the demo borough', () => {
    const borough = valid();
    expect(borough.name).toBe('City and Hackney');
    expect(borough.organisations.map((o) => o.id)).toEqual(expect.arrayContaining(['elft', 'core-sport', 'beechwood-practice', 'advocacy-project', 'london-ambulance', 'nel-ics']));
  });

  it('names the file and the field of a bad value', () => {
    const bad = { ...valid(), phb: { ...valid().phb, defaultAllocationPence: -5 } };
    const path = writeTemp('city-and-hackney.json', JSON.stringify(bad));
    expect(() => loadBoroughFile(path)).toThrow(BoroughConfigError);
    expect(() => loadBoroughFile(path)).toThrow(/city-and-hackney\.json: field "phb\.defaultAllocationPence"/);
  });

  it('keeps the data in the UK: a region outside the list, or none, is refused naming the field', () => {
    const abroad = writeTemp('city-and-hackney.json', JSON.stringify({ ...valid(), region: 'us-east-1' }));
    expect(() => loadBoroughFile(abroad)).toThrow(/field "region" must be a UK region \(eu-west-2\)/);
    const { region: _region, ...withoutRegion } = valid();
    const missing = writeTemp('city-and-hackney.json', JSON.stringify(withoutRegion));
    expect(() => loadBoroughFile(missing)).toThrow(/field "region"/);
  });

  it('keeps closed records 20 years by default; a borough may keep them longer, never shorter (NHS records management code)', () => {
    expect(valid().retention).toEqual({ years: 20 });
    const parse = (retention: unknown) => parseBoroughConfig({ ...valid(), retention }, 'b.json');
    expect(parse({ years: 25 }).retention).toEqual({ years: 25 });
    expect(() => parse({ years: 8 })).toThrow(/field "retention\.years" must be at least 20 \(NHS records management code\)/);
    expect(() => parse({ years: 20.5 })).toThrow(/field "retention\.years"/);
    expect(() => parse({ years: 20, days: 1 })).toThrow(/retention/);
  });

  it('rejects unknown fields', () => {
    const path = writeTemp('city-and-hackney.json', JSON.stringify({ ...valid(), colour: 'blue' }));
    expect(() => loadBoroughFile(path)).toThrow(/field "colour" is not an allowed field/);
  });

  it('rejects a file whose id does not match its name', () => {
    const path = writeTemp('newham.json', JSON.stringify(valid()));
    expect(() => loadBoroughFile(path)).toThrow(/field "id"/);
  });

  it('rejects malformed JSON naming the file', () => {
    const path = writeTemp('broken.json', '{ "id": ');
    expect(() => loadBoroughFile(path)).toThrow(/broken\.json: file is not valid JSON/);
  });

  it('rejects an organisation listed twice', () => {
    const b = valid();
    const path = writeTemp('city-and-hackney.json', JSON.stringify({ ...b, organisations: [...b.organisations, b.organisations[0]] }));
    expect(() => loadBoroughFile(path)).toThrow(/field "organisations" lists "elft" twice/);
  });
});
