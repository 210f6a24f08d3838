import { RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpMethod, ServiceRoutes } from '../../shared/http/route';
import type { ServiceFunction } from './service-function';

export interface HttpApiProps {
  boroughId: string;
  services: readonly ServiceRoutes[];
  functions: ReadonlyMap<string, ServiceFunction>;
  userPool: cognito.UserPool;
  clients: readonly cognito.IUserPoolClient[];
  throttle: { rateLimit: number; burstLimit: number };
  key: kms.IKey;
  /** Each public route's own rate (requests per second; burst twice that). */
  publicRatePerSecond: number;
  /** The stage's name: the path prefix CloudFront forwards (`/api/...`), so the page and the API share an origin. */
  stageName: string;
}

/**
 * The borough's HTTP API: a JWT authorizer on Cognito, every route of every route table (public
 * ones without it), stage throttling and JSON access logs without query strings or bodies.
 */
export class BoroughHttpApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** Routes without the authorizer, because their route table declares them public. */
  readonly publicRoutes: apigw.HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('Cognito', props.userPool.userPoolProviderUrl, {
      jwtAudience: props.clients.map((c) => c.userPoolClientId),
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      apiName: `recovery-${props.boroughId}`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // No CORS: the page calls the API on its own origin, through CloudFront (/api).
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: props.key, removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: props.throttle,
      // Route-level metrics, for each route's latency alarm (infra/constructs/operations.ts).
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    for (const { service, routes } of props.services) {
      const fn = props.functions.get(service);
      if (!fn) throw new Error(`no function for service ${service}`);
      // One invoke permission per function for this API's routes (all of them its own), not one per
      // route: a route per permission would take a fifth of CloudFormation's 500 resources a stack.
      const integration = new HttpLambdaIntegration(`${service}-integration`, fn.fn, { scopePermissionToRoute: false });
      for (const route of routes) {
        const isPublic = route.access.kind === 'public';
        const added = this.api.addRoutes({
          path: route.path,
          methods: [route.method as apigw.HttpMethod & HttpMethod],
          integration,
          ...(isPublic ? { authorizer: new apigw.HttpNoneAuthorizer() } : {}),
          // A route for systems needs the scope in the token's `scope` claim, at the gateway already.
          ...(route.access.kind === 'client' ? { authorizationScopes: [route.access.scope] } : {}),
        });
        if (isPublic) this.publicRoutes.push(...added);
      }
    }
    // Public routes get a small limit of their own, so that a flood of them (no token needed) never
    // takes the capacity of a paramedic's emergency access or a patient's red alert.
    const publicRoutes = props.services.flatMap((s) => s.routes.filter((r) => r.access.kind === 'public').map((r) => `${r.method} ${r.path}`));
    const stage = this.stage.node.defaultChild as apigw.CfnStage;
    // A JSON map in CloudFormation: CDK passes it as is, so the keys are CloudFormation's own.
    stage.routeSettings = Object.fromEntries(
      publicRoutes.map((key) => [key, { ThrottlingRateLimit: props.publicRatePerSecond, ThrottlingBurstLimit: props.publicRatePerSecond * 2, DetailedMetricsEnabled: true }]),
    );
    for (const route of this.publicRoutes) stage.node.addDependency(route);
  }
}
