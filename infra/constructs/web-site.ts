import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webSecurityHeaders } from '../web/security-headers';

export const WEB_DIST_DIR = join(__dirname, '..', '..', 'web', 'dist');

/** What the page reads from /config.json in AWS (web/src/config.ts). */
export interface DeployedSiteConfig {
  auth: 'cognito';
  boroughs: { id: string; name: string; api: string; cognito: { domain: string; clientId: string; issuer: string } }[];
}

/**
 * A borough's web front end: a private, versioned S3 bucket behind CloudFront (origin access control),
 * served with the same security headers as `npm start`. The page may talk to its own origin, the
 * borough's Cognito hosted UI, and API Gateway in the region (the API's own id is not known before the
 * distribution exists, and the API's CORS names the distribution: a wildcard breaks that cycle).
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution>.cloudfront.net`: the Cognito callback and the API's allowed origin. */
  readonly origin: string;
  deployment?: s3deploy.BucketDeployment;

  /** `cognitoDomainPrefix`: the hosted UI domain the stack creates, the one sign-in origin the page may reach. */
  constructor(scope: Construct, id: string, props: { boroughId: string; cognitoDomainPrefix: string }) {
    super(scope, id);
    const region = Stack.of(this).region;
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const cognitoOrigin = `https://${props.cognitoDomainPrefix}.auth.${region}.amazoncognito.com`;
    const headers = webSecurityHeaders([cognitoOrigin, `https://*.execute-api.${region}.amazonaws.com`]);
    const policy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy']!, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: headers['permissions-policy']!, override: true }] },
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: `Recovery platform web: ${props.boroughId}`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: policy,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cdn/',
      geoRestriction: cloudfront.GeoRestriction.allowlist('GB'),
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the built page (`distDir`) and its /config.json, and refreshes what CloudFront caches of them. */
  deploy(distDir: string, config: DeployedSiteConfig): void {
    if (!existsSync(join(distDir, 'index.html'))) throw new Error(`The web front end is not built (${distDir}): run npm run web:build first.`);
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [s3deploy.Source.asset(distDir), s3deploy.Source.jsonData('config.json', config)],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 512,
      // Keep old hashed assets: a page loaded before a deploy still finds its scripts.
      prune: false,
    });
  }
}
