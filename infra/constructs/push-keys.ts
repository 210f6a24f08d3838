import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { pushVapidKeyAlias } from '../../shared/runtime/push-keys';

/**
 * The borough's Web Push identity (docs/notifications.md, "Push"): a KMS HMAC key from which the
 * notifications function derives its VAPID key pair (one GenerateMac per container, kept in memory).
 * The private key is made by KMS at deploy and is in no template, environment or secret; only the
 * notifications function may derive it. Kept when the stack goes: a new key would be a new VAPID
 * identity, and every device would have to subscribe again.
 */
export class PushKeys extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { boroughId: string; fn: lambda.Function }) {
    super(scope, id);
    this.key = new kms.Key(this, 'VapidKey', {
      alias: pushVapidKeyAlias(props.boroughId),
      description: `Derives the VAPID key that signs the Web Push notifications of ${props.boroughId}`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The function names the key by its alias (from the borough id it already has): nothing in its environment.
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.key.keyArn], conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }));
  }
}
