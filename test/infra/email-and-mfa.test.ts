import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { loadBoroughs } from '../../infra/boroughs';
import { BoroughConfigError, parseBoroughConfig } from '../../shared/domain/borough-config';
import { serviceFunctions } from './service-functions';

const demo = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;

describe('email from the borough and staff MFA (issue 26 items 5 and 7)', () => {
  // Synthesized once: a borough whose SES domain is verified, and (below) one whose is not yet.
  const verified = { ...demo, notifications: { ...demo.notifications, sesVerified: true } };
  const { stacks } = buildApp([verified]);
  const template = Template.fromStack(stacks[0]!);

  it("creates the borough's SES domain identity with 2048-bit Easy DKIM, and its DKIM records as outputs", () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'city-and-hackney.recovery.example.nhs.uk', DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' } });
    expect(Object.keys(template.findOutputs('*'))).toEqual(expect.arrayContaining(['EmailDkimRecord1', 'EmailDkimRecord2', 'EmailDkimRecord3']));
  });

  it('once verified, Cognito sends through it, from the borough, and may send sign-in codes by email', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp('City and Hackney recovery platform <no-reply@city-and-hackney'),
        SourceArn: Match.anyValue(),
      }),
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: Match.arrayWith(['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']),
    });
  });

  it('invites people with a link to the site, the user name and the temporary code', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
    const invitation = JSON.stringify(pool.AdminCreateUserConfig.InviteMessageTemplate);
    expect(invitation).toContain('{username}');
    expect(invitation).toContain('{####}');
    const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(invitation).toContain(JSON.stringify({ 'Fn::GetAtt': [distribution, 'DomainName'] }));
  });

  it("lets the boroughs function (sign-in trigger, invitations, leavers) use only this borough's tagged pool, and find it by name", () => {
    const boroughs = serviceFunctions(template).get('boroughs')!;
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(String((boroughs.properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Condition?: unknown }[]);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('cognito-idp'))).toEqual([
      expect.objectContaining({
        Action: [
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:ListUsers',
        ],
        Condition: { StringEquals: { 'aws:ResourceTag/borough': 'city-and-hackney' } },
      }),
      // Which pool is the borough's: ListUserPools names no pool.
      expect.objectContaining({ Action: 'cognito-idp:ListUserPools', Resource: '*' }),
    ]);
    expect(boroughs.properties.Environment).toMatchObject({ Variables: expect.objectContaining({ USER_POOL_NAME: 'recovery-city-and-hackney' }) });
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTags: Match.objectLike({ borough: 'city-and-hackney' }) });
  });

  it("sweeps the directory against the pool every hour, and at once on Cognito's disable and delete events for this pool", () => {
    const boroughs = serviceFunctions(template).get('boroughs')!;
    const pool = Object.keys(template.findResources('AWS::Cognito::UserPool'))[0]!;
    // Paging through a borough's few thousand accounts takes seconds: the function has a minute.
    expect(boroughs.properties.Timeout).toBe(60);
    const sweeps = Object.values(template.findResources('AWS::Events::Rule')).filter((r) =>
      (r.Properties.Targets as { Arn: unknown; Input?: string }[]).some((t) => JSON.stringify(t.Arn).includes(boroughs.id) && t.Input === JSON.stringify({ directorySweep: true })),
    );
    expect(sweeps.map((r) => r.Properties.ScheduleExpression ?? r.Properties.EventPattern)).toEqual([
      'rate(1 hour)',
      {
        source: ['aws.cognito-idp'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['cognito-idp.amazonaws.com'], eventName: ['AdminDisableUser', 'AdminDeleteUser', 'DeleteUser'], requestParameters: { userPoolId: [{ Ref: pool }] } },
      },
    ]);
  });
});

describe('borough files name real domains (example domains only for a demo borough)', () => {
  const file = (changes: Record<string, unknown>) => ({ ...JSON.parse(JSON.stringify(demo)), ...changes });

  it.each(['no-reply@recovery.example.nhs.uk', 'no-reply@example.com', 'a@borough.test', 'a@x.invalid'])('refuses %s as the sender of a real borough', (fromEmail) => {
    const raw = file({ demo: false, notifications: { ...demo.notifications, fromEmail } });
    expect(() => parseBoroughConfig(raw, 'infra/boroughs/x.json')).toThrow(BoroughConfigError);
    expect(() => parseBoroughConfig(raw, 'infra/boroughs/x.json')).toThrow(/field "notifications.fromEmail" .*example domain/);
  });

  it('refuses an example alarm address of a real borough, naming the field', () => {
    const raw = file({ demo: false, notifications: { ...demo.notifications, fromEmail: 'no-reply@recovery.cityandhackney.nhs.uk' }, operations: { alarmEmails: ['ops@example.org'] } });
    expect(() => parseBoroughConfig(raw, 'infra/boroughs/x.json')).toThrow(/field "operations.alarmEmails.0"/);
  });

  it('accepts real domains, and example ones for the demo', () => {
    expect(
      parseBoroughConfig(file({ demo: false, notifications: { ...demo.notifications, fromEmail: 'no-reply@recovery.cityandhackney.nhs.uk' }, operations: { alarmEmails: ['ops@nhs.net'] } }), 'x').demo,
    ).toBe(false);
    expect(parseBoroughConfig(file({}), 'x').demo).toBe(true);
  });
});
