import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
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

export interface WebSiteProps {
  boroughId: string;
  cognitoDomainPrefix: string;
  /** The web ACL (us-east-1, infra/stacks/edge-stack.ts) in front of the page and the API. */
  webAclArn: string;
  /** The site's own domain and its certificate (us-east-1); without them, CloudFront's default domain. */
  domain?: { name: string; certificate: acm.ICertificate };
}

/**
 * A borough's web front end and the door to its API: a private, versioned S3 bucket behind CloudFront
 * (origin access control), served with the same security headers as `npm start`, and the API under
 * `/api` on the same origin (no CORS; the page may talk to its own origin and the borough's Cognito
 * hosted UI only), all behind the borough's web ACL.
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headersPolicy: cloudfront.ResponseHeadersPolicy;
  /** `https://<distribution>.cloudfront.net`: the Cognito callback and the API's allowed origin. */
  readonly origin: string;
  deployment?: s3deploy.BucketDeployment;

  /** `cognitoDomainPrefix`: the hosted UI domain the stack creates, the one sign-in origin the page may reach. */
  constructor(scope: Construct, id: string, props: WebSiteProps) {
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
    const headers = webSecurityHeaders([cognitoOrigin]);
    const policy = (this.headersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: headers['content-security-policy'], override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
      customHeadersBehavior: { customHeaders: [{ header: 'Permissions-Policy', value: headers['permissions-policy'], override: true }] },
    }));
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
      webAclId: props.webAclArn,
      ...(props.domain ? { domainNames: [props.domain.name], certificate: props.domain.certificate } : {}),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
    });
    this.origin = props.domain ? `https://${props.domain.name}` : `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Serves the API's stage under `/api/*`: never cached, every viewer header but Host forwarded (API
   * Gateway answers only to its own host; the managed policy forwards Authorization), all methods.
   */
  addApi(api: apigw.IHttpApi, stageName: string): void {
    const host = `${api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.distribution.addBehavior(
      `/${stageName}/*`,
      new origins.HttpOrigin(host, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2] }),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.headersPolicy,
      },
    );
  }

  /** Uploads the built page (`distDir`) and its /config.json, and refreshes what CloudFront caches of them. */
  deploy(distDir: string, config: DeployedSiteConfig): void {
    if (!existsSync(join(distDir, 'index.html'))) throw new Error(`The web front end is not built (${distDir}): run npm run web:build first.`);
    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [s3deploy.Source.asset(distDir), s3deploy.Source.jsonData('config.json', config)],
      distribution: this.distribution,
      // The files whose names never change: the page, its config, and the service worker and manifest
      // (a phone checks /sw.js for a new version of the site each time it opens it).
      distributionPaths: ['/index.html', '/config.json', '/sw.js', '/manifest.webmanifest'],
      memoryLimit: 512,
      // Keep old hashed assets: a page loaded before a deploy still finds its scripts.
      prune: false,
    });
  }
}
