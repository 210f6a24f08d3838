import { createECDH, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import { webPushSender, type PushSender, type VapidKeys } from '../events/push';
import { once } from './audit-key';

/** The alias of a borough's KMS HMAC key that derives its VAPID key (infra/constructs/push-keys.ts). */
export const pushVapidKeyAlias = (borough: string): string => `alias/recovery-${borough}-push-vapid`;

/** The key pair of a P-256 private scalar; undefined for the rare 32 bytes that are not one (zero, or past the curve's order). */
export const vapidKeysOf = (privateKey: Uint8Array): VapidKeys | undefined => {
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(privateKey);
  } catch {
    return undefined;
  }
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey: Buffer.from(privateKey).toString('base64url') };
};

/** NIST SP 800-108's counter-mode input for the VAPID key of a borough (try `counter` 1, then 2...). */
const vapidDerivationInput = (borough: string, counter: number): Buffer =>
  Buffer.concat([Buffer.from([0, 0, 0, counter]), Buffer.from('recovery-platform web push vapid v1', 'utf8'), Buffer.from([0]), Buffer.from(borough, 'utf8'), Buffer.from([0, 0, 1, 0])]);

/**
 * The VAPID key pair in AWS: the private key is KMS's HMAC of a fixed input with the borough's
 * push key (HMAC_256), derived once per container and held in memory only; it is in no template,
 * environment or secret, and only the notifications function may derive it (kms:GenerateMac).
 */
export const kmsVapidKeys = (kms: KMSClient, keyId: string, borough: string): (() => Promise<VapidKeys>) =>
  once(async () => {
    // One HMAC in 2^32 is not a P-256 scalar: the next counter's is then the key (the same every time).
    for (let counter = 1; counter <= 4; counter++) {
      const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: vapidDerivationInput(borough, counter) }));
      if (!Mac) throw new Error('KMS returned no MAC for the VAPID key.');
      const keys = vapidKeysOf(Mac);
      if (keys) return keys;
    }
    throw new Error('No VAPID key could be derived.');
  });

/**
 * The local platform's VAPID key pair: `.local/vapid.json`, made on the first start and kept, so that
 * browsers subscribed before a restart still receive pushes.
 */
export const fileVapidKeys = (file: string): VapidKeys => {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    let made: VapidKeys | undefined;
    while (!made) made = vapidKeysOf(randomBytes(32));
    writeFileSync(file, `${JSON.stringify(made)}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const { privateKey } = JSON.parse(readFileSync(file, 'utf8')) as { privateKey?: unknown };
  const keys = typeof privateKey === 'string' ? vapidKeysOf(Buffer.from(privateKey, 'base64url')) : undefined;
  if (!keys) throw new Error(`${file} is not a VAPID key pair: remove it to make a new one (browsers then subscribe again).`);
  return keys;
};

/** The notifications function's Web Push in AWS: its VAPID key derived with the borough's push key, by alias. */
export const kmsPushSender = (borough: string): PushSender => webPushSender(kmsVapidKeys(new KMSClient({}), pushVapidKeyAlias(borough), borough));

/**
 * The notifications function's Web Push: in AWS with the KMS-derived key; a bundle run outside AWS
 * (the bundle tests) names a key file in VAPID_KEY_FILE instead, which the stack never sets.
 */
export const pushSenderFromEnv = (borough: string): PushSender => {
  const file = process.env.VAPID_KEY_FILE;
  return file ? webPushSender(once(() => Promise.resolve(fileVapidKeys(file)))) : kmsPushSender(borough);
};
