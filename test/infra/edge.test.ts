import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app';
import { loadBoroughs } from '../../infra/boroughs';
import { PUBLIC_API_PATHS } from '../../infra/edge-paths';
import { EDGE_REGION } from '../../infra/stacks/edge-stack';
import { parseBoroughConfig } from '../../shared/domain/borough-config';

// Managed CloudFront policies (AWS documents their ids).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('the edge: the API under /api behind CloudFront, a web ACL and the borough domain (issue 26 item 6)', () => {
  const demo = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
  const withDomain = { ...demo, edge: { ...demo.edge, domain: 'recovery.cityandhackney.nhs.uk', hostedZoneId: 'Z0123456789ABC' } };
  const { app, stacks } = buildApp([withDomain]);
  const edgeStack = app.node.findChild('Recovery-city-and-hackney-edge') as import('aws-cdk-lib').Stack;
  const edge = Template.fromStack(edgeStack);
  const borough = Template.fromStack(stacks[0]!);
  const distribution = () => Object.values(borough.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

  it('puts the web ACL and the certificate in us-east-1, where CloudFront takes them from', () => {
    expect(edgeStack.region).toBe(EDGE_REGION);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    edge.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'recovery.cityandhackney.nhs.uk',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'recovery.cityandhackney.nhs.uk', HostedZoneId: 'Z0123456789ABC' }],
    });
  });

  it('limits each address, hardest on the public API routes, and applies the AWS managed rules', () => {
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    const rules = acl.Rules as { Name: string; Statement: Record<string, { Limit?: number; ScopeDownStatement?: unknown; Name?: string }> }[];
    const publicRule = rules.find((r) => r.Name === 'public-api-per-address')!;
    expect(publicRule.Statement.RateBasedStatement).toMatchObject({ Limit: withDomain.edge.publicRequestsPerFiveMinutes, AggregateKeyType: 'IP' });
    const paths = JSON.stringify(publicRule.Statement.RateBasedStatement!.ScopeDownStatement);
    for (const path of PUBLIC_API_PATHS) expect(paths).toContain(`"SearchString":"${path}"`);
    expect(PUBLIC_API_PATHS).toEqual(expect.arrayContaining(['/api/health', '/api/openapi.json']));
    // A trust's staff share its address: signed-in traffic is limited per address and token, the address as a whole far higher.
    expect(rules.find((r) => r.Name === 'signed-in-per-session')!.Statement.RateBasedStatement).toMatchObject({
      Limit: withDomain.edge.requestsPerFiveMinutes,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ IP: {} }, { Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    });
    expect(rules.find((r) => r.Name === 'all-per-address')!.Statement.RateBasedStatement).toMatchObject({ Limit: withDomain.edge.addressRequestsPerFiveMinutes, AggregateKeyType: 'IP' });
    expect(withDomain.edge.addressRequestsPerFiveMinutes).toBeGreaterThanOrEqual(10 * withDomain.edge.requestsPerFiveMinutes);
    expect(
      rules
        .filter((r) => r.Statement.ManagedRuleGroupStatement)
        .map((r) => r.Statement.ManagedRuleGroupStatement!.Name)
        .sort(),
    ).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
  });

  it('lets a GP import through: the common rule set only counts bodies over 8 KB and requests without a User-Agent', () => {
    const acl = Object.values(edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    const common = (acl.Rules as { Name: string; Statement: { ManagedRuleGroupStatement?: { RuleActionOverrides?: unknown } } }[]).find((r) => r.Name === 'AWSManagedRulesCommonRuleSet')!;
    expect(common.Statement.ManagedRuleGroupStatement!.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
    ]);
  });

  it('logs only what the web ACL blocked or counted, to an encrypted group, never the Authorization header or the path (patient ids, us-east-1)', () => {
    edge.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { UriPath: {} }],
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }] }],
      },
    });
    // WAF refuses the group ARN with the `:*` suffix that CloudFormation's GetAtt gives.
    const destination = JSON.stringify(Object.values(edge.findResources('AWS::WAFv2::LoggingConfiguration'))[0]!.Properties.LogDestinationConfigs);
    expect(destination).toContain(':log-group:');
    expect(destination).not.toMatch(/:\*"|GetAtt/);
    const group = Object.values(edge.findResources('AWS::Logs::LogGroup'))[0]!.Properties;
    expect(group.KmsKeyId).toBeDefined();
    // WAF takes only groups named aws-waf-logs-*; the stack's UUID keeps the name unique.
    expect(JSON.stringify(group.LogGroupName)).toMatch(/^\{"Fn::Join":\["-",\["aws-waf-logs-recovery-city-and-hackney",.*AWS::StackId/);
  });

  it('puts the distribution behind the web ACL, on the borough domain, TLS 1.2 or newer', () => {
    const config = distribution();
    expect(JSON.stringify(config.WebACLId)).toMatch(/WebAcl/);
    expect(config.Aliases).toEqual(['recovery.cityandhackney.nhs.uk']);
    expect(config.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it('serves the API under /api on the same origin: never cached, all methods, every header but Host, HTTPS to the API stage named api', () => {
    const config = distribution();
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']),
      }),
    ]);
    const apiOrigin = (config.Origins as { CustomOriginConfig?: unknown; DomainName: unknown }[]).find((o) => o.CustomOriginConfig)!;
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(apiOrigin.DomainName)).toMatch(/HttpApi.*execute-api\.eu-west-2\./);
    borough.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'api' });
  });

  it('sends people back to, and invites them to, the borough domain', () => {
    const client = Object.values(borough.findResources('AWS::Cognito::UserPoolClient')).find((c) => c.Properties.GenerateSecret !== true)!.Properties;
    expect(client.CallbackURLs).toEqual(['https://recovery.cityandhackney.nhs.uk/']);
    const pool = Object.values(borough.findResources('AWS::Cognito::UserPool'))[0]!.Properties;
    expect(pool.AdminCreateUserConfig.InviteMessageTemplate.EmailMessage).toContain('https://recovery.cityandhackney.nhs.uk/');
    expect(Object.values(borough.findOutputs('ApiUrl'))[0]!.Value).toBe('https://recovery.cityandhackney.nhs.uk/api');
    // The distribution's own name, for the domain's DNS alias, and its id, for checks after deploy.
    expect(Object.keys(borough.findOutputs('*'))).toEqual(expect.arrayContaining(['DistributionDomainName', 'DistributionId']));
  });

  it('refuses a domain that is not a domain name, or too long for the invitation SMS, naming the field', () => {
    for (const domain of ['https://x', `${'a'.repeat(47)}.nhs.uk`]) {
      expect(() => parseBoroughConfig({ ...JSON.parse(JSON.stringify(demo)), edge: { domain } }, 'infra/boroughs/x.json')).toThrow(/field "edge.domain"/);
    }
  });

  it('gives a new domain a new certificate construct, so the cross-region export of its ARN is a new one', () => {
    expect(edgeStack.node.tryFindChild('Certificate-recovery.cityandhackney.nhs.uk')).toBeDefined();
  });

  it('refuses two boroughs sending from one domain (one SES identity per domain and account)', () => {
    const other = { ...demo, id: 'newham', notifications: { ...demo.notifications } };
    expect(() => buildApp([demo, other])).toThrow(/newham\.json: field "notifications.fromEmail" sends from city-and-hackney\.recovery\.example\.nhs\.uk, as city-and-hackney does/);
  });
});
