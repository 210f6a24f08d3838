import { App } from 'aws-cdk-lib';
import { loadBoroughs } from '../../infra/boroughs';
import { cognitoDomainPrefix, environmentOf } from '../../infra/environment';

const cityAndHackney = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;

describe('names that must be unique across every AWS account of a region', () => {
  it('gives production the plain hosted UI prefix and any other environment its own', () => {
    expect(cognitoDomainPrefix(cityAndHackney, environmentOf(new App()))).toBe('recovery-nel-city-and-hackney');
    const staging = new App({ context: { 'recovery:environment': 'staging' } });
    expect(cognitoDomainPrefix(cityAndHackney, environmentOf(staging))).toBe('recovery-nel-city-and-hackney-staging');
  });

  it("takes a borough file's own prefix when the default is taken", () => {
    expect(cognitoDomainPrefix({ ...cityAndHackney, cognitoDomainPrefix: 'hackney-recovery' }, 'test')).toBe('hackney-recovery-test');
  });

  it('refuses, before any deploy, a prefix Cognito would refuse or a malformed environment', () => {
    expect(() => cognitoDomainPrefix({ ...cityAndHackney, cognitoDomainPrefix: 'my-cognito-login' }, undefined)).toThrow(/field "cognitoDomainPrefix" makes "my-cognito-login", which Cognito refuses/);
    expect(() => cognitoDomainPrefix({ ...cityAndHackney, cognitoDomainPrefix: 'a'.repeat(60) }, 'staging')).toThrow(/Cognito refuses/);
    expect(() => environmentOf(new App({ context: { 'recovery:environment': 'Staging!' } }))).toThrow(/recovery:environment/);
  });
});
