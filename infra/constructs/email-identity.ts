import { CfnOutput } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** The domain of an email address (the borough schema has checked that it is one). */
export const emailDomain = (address: string): string => {
  const domain = address.split('@')[1];
  if (!domain) throw new Error(`"${address}" is not an email address`);
  return domain;
};

/**
 * The borough's SES domain identity with Easy DKIM (2048-bit): every email (notifications, Cognito's
 * invitations and codes) leaves from the borough's own domain, signed. The three DKIM records are
 * stack outputs for whoever keeps the domain's DNS (docs/first-deploy.md).
 */
export class BoroughEmail extends Construct {
  readonly domain: string;
  readonly identity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: { fromEmail: string }) {
    super(scope, id);
    this.domain = emailDomain(props.fromEmail);
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(this.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    const records = [
      [this.identity.dkimDnsTokenName1, this.identity.dkimDnsTokenValue1],
      [this.identity.dkimDnsTokenName2, this.identity.dkimDnsTokenValue2],
      [this.identity.dkimDnsTokenName3, this.identity.dkimDnsTokenValue3],
    ] as const;
    records.forEach(
      ([name, value], i) => new CfnOutput(this, `Dkim${i + 1}`, { key: `EmailDkimRecord${i + 1}`, value: `${name} CNAME ${value}`, description: `DKIM record ${i + 1} of ${this.domain}` }),
    );
  }
}
