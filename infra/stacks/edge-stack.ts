import { ArnFormat, Aws, Fn, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import { PUBLIC_API_PATHS } from '../edge-paths';

/** CloudFront takes web ACLs and certificates from us-east-1 only. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  borough: BoroughConfig;
}

const managedRule = (name: string, priority: number, countOnly: readonly string[] = []): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...(countOnly.length ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}) } },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
});

/** Per address, or per address and session (the Authorization header): many clinicians share a trust's address. */
type RateKey = 'address' | 'session';

const rateRule = (name: string, priority: number, limit: number, key: RateKey, scopeDown?: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: { block: { customResponse: { responseCode: 429 } } },
  statement: {
    rateBasedStatement: {
      limit,
      evaluationWindowSec: 300,
      ...(key === 'address'
        ? { aggregateKeyType: 'IP' }
        : { aggregateKeyType: 'CUSTOM_KEYS', customKeys: [{ ip: {} }, { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }] }),
      ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
    },
  },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
});

const pathStartsWith = (path: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: path, textTransformations: [{ priority: 0, type: 'NONE' }] },
});

/**
 * A borough's edge, in us-east-1 because CloudFront wants it there: the web ACL in front of its
 * distribution (AWS managed rules, and per-address rate limits, stricter on the public API routes so
 * that nobody can flood them) and, when the borough file names a domain, its TLS certificate.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly certificate?: acm.ICertificate;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    const { borough } = props;
    Tags.of(this).add('borough', borough.id);
    const { requestsPerFiveMinutes, addressRequestsPerFiveMinutes, publicRequestsPerFiveMinutes } = borough.edge;
    const [firstPublicPath, ...otherPublicPaths] = PUBLIC_API_PATHS;
    const publicPaths: wafv2.CfnWebACL.StatementProperty =
      firstPublicPath !== undefined && otherPublicPaths.length === 0 ? pathStartsWith(firstPublicPath) : { orStatement: { statements: PUBLIC_API_PATHS.map(pathStartsWith) } };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      description: `Recovery platform ${borough.id}: managed rules and per-address rate limits`,
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `recovery-${borough.id}`, sampledRequestsEnabled: true },
      rules: [
        rateRule('public-api-per-address', 0, publicRequestsPerFiveMinutes, 'address', publicPaths),
        // Hundreds of clinicians may share one NHS trust address (HSCN): signed-in traffic is limited per
        // session, and only a much higher limit applies to an address as a whole.
        rateRule('signed-in-per-session', 1, requestsPerFiveMinutes, 'session'),
        rateRule('all-per-address', 2, addressRequestsPerFiveMinutes, 'address'),
        managedRule('AWSManagedRulesAmazonIpReputationList', 3),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 4),
        // Counted, not blocked: bodies over 8 KB (a GP import takes up to 512 KB; the API bounds every
        // body itself) and systems that send no User-Agent.
        managedRule('AWSManagedRulesCommonRuleSet', 5, ['SizeRestrictions_BODY', 'NoUserAgent_HEADER']),
      ],
    });
    // WAF log groups must be named aws-waf-logs-*; the stack's own UUID keeps the name unique when a
    // kept group of a deleted stack is still there.
    const stackUuid = Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
    // WAF logs hold addresses and paths (a patient's id is in the path): encrypted with a key of their own.
    const key = new kms.Key(this, 'LogsKey', {
      description: `Encrypts the WAF logs of the recovery platform ${borough.id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${EDGE_REGION}.amazonaws.com`));
    const wafLogsName = Fn.join('-', ['aws-waf-logs-recovery', borough.id, stackUuid]);
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      encryptionKey: key,
      logGroupName: wafLogsName,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the group's ARN without the `:*` that logGroupArn ends with.
      logDestinationConfigs: [this.formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogsName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // Never the token, never the path (it holds patient ids; these logs are in us-east-1): and only
      // what the web ACL blocked or counted, not every request.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { uriPath: {} }],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }] }],
      },
    });
    logging.node.addDependency(wafLogs);

    const domain = borough.edge.domain;
    if (domain) {
      const zone = borough.edge.hostedZoneId ? route53.HostedZone.fromHostedZoneId(this, 'Zone', borough.edge.hostedZoneId) : undefined;
      // One construct id per domain: the borough stack reads the certificate through a cross-region
      // export that is never rewritten under the same key, so a new domain must be a new export.
      this.certificate = new acm.Certificate(this, `Certificate-${domain}`, { domainName: domain, validation: acm.CertificateValidation.fromDns(zone) });
    }
  }
}
