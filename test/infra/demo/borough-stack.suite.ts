import { demoApp } from '../demo-app';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SERVICES } from '../../../functions/services';
import { ROLES } from '../../../shared/domain/actor';
import { compactBoroughConfig } from '../../../shared/domain/borough-config';
import { tableDefinition } from '../../../shared/store/table-definition';
import { serviceFunctions } from '../service-functions';

describe('BoroughStack (city-and-hackney)', () => {
  const { borough, stack } = demoApp();
  const template = Template.fromStack(stack);

  it('has one table built from the shared definition: on-demand, PITR, KMS, stream, deletion protection', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: Match.absent(),
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.indexes.map((i) =>
        Match.objectLike({
          IndexName: i.name,
          KeySchema: [
            { AttributeName: i.partitionKey, KeyType: 'HASH' },
            { AttributeName: i.sortKey, KeyType: 'RANGE' },
          ],
        }),
      ),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('encrypts with a rotating customer-managed key and backs the table up', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.resourceCountIs('AWS::Backup::BackupPlan', 1);
    template.resourceCountIs('AWS::Backup::BackupSelection', 1);
  });

  it('has a user pool with the role groups and the borough/org attributes, no self sign-up', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'borough', Mutable: false }), Match.objectLike({ Name: 'org' }), Match.objectLike({ Name: 'nhs_number', Mutable: false })]),
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((g) => (g as { Properties: { GroupName: string } }).Properties.GroupName);
    expect(groups.sort()).toEqual(ROLES.filter((r) => r !== 'integration').sort());
  });

  it('makes each system of the borough file an OAuth client (client credentials, a secret, its scopes only), never a user', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'imports',
      Scopes: [
        { ScopeName: 'gp.write', ScopeDescription: Match.anyValue() },
        { ScopeName: 'appointments.write', ScopeDescription: Match.anyValue() },
      ],
    });
    const systems = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))
      .map((c) => (c as { Properties: Record<string, unknown> }).Properties)
      .filter((p) => p.GenerateSecret === true);
    expect(systems).toHaveLength(borough.integrations.length);
    for (const system of systems) {
      expect(system).toMatchObject({ AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true });
      // Each system has the scopes its borough file lists, on the `imports` resource server, and no others.
      const integration = borough.integrations.find((i) => `system ${i.id}` === system.ClientName);
      const scopes = (system.AllowedOAuthScopes as unknown[]).map(
        (scope) => JSON.stringify(scope).match(/^\{"Fn::Join":\["",\[\{"Ref":"IdentityUserPoolResourceServerimports\w+"\},"\/([\w.]+)"\]\]\}$/)?.[1],
      );
      expect(scopes.map((name) => `imports/${name ?? '?'}`)).toEqual(integration?.scopes);
      expect(system.ExplicitAuthFlows ?? []).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    }
    // The GP import route asks the gateway for the scope; the authorizer accepts the web client and each system.
    const imports = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => (r as { Properties: Record<string, unknown> }).Properties)
      .find((p) => p.RouteKey === 'POST /imports/gp');
    expect(imports).toMatchObject({ AuthorizationType: 'JWT', AuthorizationScopes: ['imports/gp.write'] });
    const appointments = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => (r as { Properties: Record<string, unknown> }).Properties)
      .find((p) => p.RouteKey === 'POST /imports/appointments');
    expect(appointments).toMatchObject({ AuthorizationType: 'JWT', AuthorizationScopes: ['imports/appointments.write'] });
    const authorizer = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0] as { Properties: { JwtConfiguration: { Audience: unknown[] } } };
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(1 + borough.integrations.length);
    // Only the function with routes for systems learns their client ids.
    const withClients = [...serviceFunctions(template)].filter(([, f]) => f.properties.Environment?.Variables?.INTEGRATION_CLIENTS);
    expect(withClients.map(([service]) => service)).toEqual(['measures']);
  });

  it('keeps the directory from Cognito: every token generation calls the boroughs function, which Cognito may invoke', () => {
    const fnId = serviceFunctions(template).get('boroughs')?.id;
    expect(fnId).toBeDefined();
    template.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PreTokenGeneration: { 'Fn::GetAtt': [fnId, 'Arn'] } } });
    template.hasResourceProperties('AWS::Lambda::Permission', { FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'cognito-idp.amazonaws.com' });
  });

  it('has one function per service: nodejs22.x, arm64, traced, JSON logs to an encrypted group with retention', () => {
    // Beside them, CDK's deploy-time provider that uploads the web front end.
    // And the scheduled functions of their own: the retention sweep (docs/records.md) and the audit anchor (audit-anchor.suite.ts).
    expect([...serviceFunctions(template).keys()].sort()).toEqual([...SERVICES.map((s) => s.service), 'retention', 'audit-anchor'].sort());
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      // No reservation by default (issue 26): the account's concurrency is shared by every borough.
      ReservedConcurrentExecutions: Match.absent(),
      Environment: { Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), BOROUGH_CONFIG: JSON.stringify(compactBoroughConfig(borough)) }) },
    });
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect((group as { Properties: Record<string, unknown> }).Properties).toEqual(expect.objectContaining({ RetentionInDays: 365, KmsKeyId: expect.anything() }));
    }
  });

  it("keeps each function's environment (the borough file with its ReQoL-10 wording included) under Lambda's 4 KB limit", () => {
    const functions = [...serviceFunctions(template).values()];
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const variables = fn.properties.Environment?.Variables ?? {};
      // A reference (a table name, a topic) counts as the 256 characters it may resolve to, at most.
      const bytes = Object.entries(variables).reduce((sum, [k, v]) => sum + k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 256), 0);
      expect(bytes).toBeLessThan(4096);
    }
  });

  it('has exactly the routes of the route tables, with the JWT authorizer on every non-public one', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => (r as { Properties: { RouteKey: string; AuthorizationType?: string } }).Properties);
    const expected = SERVICES.flatMap((s) => s.routes.map((r) => ({ key: `${r.method} ${r.path}`, auth: r.access.kind === 'public' ? 'NONE' : 'JWT' })));
    expect(routes.map((r) => ({ key: r.RouteKey, auth: r.AuthorizationType ?? 'NONE' })).sort((a, b) => a.key.localeCompare(b.key))).toEqual(expected.sort((a, b) => a.key.localeCompare(b.key)));
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: Match.anyValue(), Issuer: Match.anyValue() },
    });
  });

  it("lets API Gateway invoke each service's function from this API only, with one permission per function rather than one per route", () => {
    const fromTheApi = Object.values(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'apigateway.amazonaws.com' } })).map(
      (p) => (p as { Properties: { FunctionName: unknown; SourceArn: unknown } }).Properties,
    );
    const withRoutes = SERVICES.filter((s) => s.routes.length > 0);
    expect(fromTheApi).toHaveLength(withRoutes.length);
    expect(new Set(fromTheApi.map((p) => JSON.stringify(p.FunctionName))).size).toBe(withRoutes.length);
    const apiId = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'));
    for (const { SourceArn } of fromTheApi) {
      // arn:<partition>:execute-api:<region>:<account>:<this API's id>/*/*/*
      const parts = JSON.stringify(SourceArn);
      expect(parts).toContain(JSON.stringify({ Ref: apiId[0] }));
      expect(parts).toContain('/*/*/*');
    }
  });

  it('throttles the stage, each public route on its own, and writes access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'api',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: borough.api.throttleRatePerSecond, ThrottlingBurstLimit: borough.api.throttleBurst }),
      RouteSettings: {
        'GET /health': Match.objectLike({ ThrottlingRateLimit: borough.api.publicRatePerSecond }),
        'GET /openapi.json': Match.objectLike({ ThrottlingRateLimit: borough.api.publicRatePerSecond }),
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it("grants the function its own table and key, and nothing of another borough's", () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:PutItem');
    expect(policies).not.toMatch(/recovery-(?!city-and-hackney)/);
  });
});

describe('stream deliveries (city-and-hackney)', () => {
  const { stack } = demoApp();
  const template = Template.fromStack(stack);

  it('feeds outbox items of the stream to the notifications function, with retries, bisect and partial failures, ten batches at once per shard', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"entity":\\{"S":\\["outbox"\\]\\}') }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("tells the notifications function (only) the web front end's origin, for the absolute links of emails and SMS", () => {
    const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0]!;
    const origins = [...serviceFunctions(template)].filter(([, f]) => f.properties.Environment?.Variables?.WEB_ORIGIN !== undefined);
    expect(origins.map(([service]) => service)).toEqual(['notifications']);
    expect(origins[0]![1].properties.Environment?.Variables?.WEB_ORIGIN).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] });
  });

  it('feeds patient items that carry outcome facts to the outcomes function, the same way', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // One batch at a time: the borough's counters are shared, and parallel transactions on them only conflict.
      ParallelizationFactor: 1,
      FilterCriteria: { Filters: [{ Pattern: Match.stringLikeRegexp('"pk":\\{"S":\\[\\{"prefix":"B#city-and-hackney#P#"\\}\\]\\}') }] },
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    // The stream feeds exactly these two (the digest queue's mapping: test/infra/digest-fanout.test.ts).
    const streamMappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => (m as { Properties: { StartingPosition?: string } }).Properties.StartingPosition);
    expect(streamMappings).toHaveLength(2);
  });

  it('dead-letters into a KMS-encrypted queue that only accepts TLS', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue(), MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('the web front end and sign-in (city-and-hackney)', () => {
  const { stack } = demoApp();
  const template = Template.fromStack(stack);

  it('before verification, Cognito keeps its own sender and offers authenticator apps only (email codes need SES)', () => {
    const first = template;
    first.hasResourceProperties('AWS::Cognito::UserPool', { EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' }, EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    first.resourceCountIs('AWS::SES::EmailIdentity', 1);
  });

  describe('the web front end', () => {
    it('is a private, versioned, TLS-only bucket behind CloudFront with origin access control', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
      });
      template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
      template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          DefaultRootObject: 'index.html',
          DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https', ResponseHeadersPolicyId: Match.anyValue() }),
          Logging: Match.objectLike({ Prefix: 'cdn/' }),
        }),
      });
    });

    it('sends the same security headers as npm start, letting the page reach only its own origin (the API is under /api) and the hosted UI', () => {
      const policy = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
      const config = Object.values(policy)[0]!.Properties.ResponseHeadersPolicyConfig;
      const csp: string = config.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/connect-src 'self' https:\/\/recovery-nel-city-and-hackney\.auth\.eu-west-2\.amazoncognito\.com;/);
      expect(config.SecurityHeadersConfig).toMatchObject({
        FrameOptions: { FrameOption: 'DENY' },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31536000 },
      });
    });

    it('signs in through the hosted UI with the code flow, back to the site only; the API has no CORS (same origin)', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'recovery-nel-city-and-hackney' });
      // The web client is the one public client (the others are system clients with secrets).
      const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).filter((c) => (c as { Properties: { GenerateSecret?: boolean } }).Properties.GenerateSecret !== true);
      expect(clients).toHaveLength(1);
      const client = clients[0]!.Properties;
      expect(client).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: false, SupportedIdentityProviders: ['COGNITO'] });
      const distribution = Object.keys(template.findResources('AWS::CloudFront::Distribution'))[0]!;
      expect(JSON.stringify(client.CallbackURLs)).toBe(JSON.stringify([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }, '/']] }]));
      const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0]!.Properties;
      expect(api.CorsConfiguration).toBeUndefined();
    });

    it('uploads the built page and a config.json naming the hosted UI and the client (the API is /api, on the same origin), and refreshes the files whose names never change (the service worker among them)', () => {
      template.resourceCountIs('Custom::CDKBucketDeployment', 1);
      const deployment = Object.values(template.findResources('Custom::CDKBucketDeployment'))[0]!.Properties;
      expect(deployment.SourceObjectKeys).toHaveLength(2);
      // config.json's values known only at deploy time are markers filled in by the deployment.
      const markers = JSON.stringify(deployment.SourceMarkers);
      expect(markers).toMatch(/IdentityUserPoolHostedUi\w*"/);
      expect(markers).toMatch(/IdentityUserPoolWebClient\w*"/);
      expect(deployment.DistributionPaths).toEqual(['/index.html', '/config.json', '/sw.js', '/manifest.webmanifest']);
    });
  });
});
