import { createHash, type ECDH } from 'node:crypto';
import { createRequire } from 'node:module';
import { webPushSender, type PushSender, type VapidKeys } from '../../shared/events/push';
import { vapidKeysOf } from '../../shared/runtime/push-keys';

/** The tests' VAPID key pair: fixed, so that what one test sends another can verify. */
export const TEST_VAPID: VapidKeys = vapidKeysOf(createHash('sha256').update('recovery-platform test vapid key').digest())!;

/** Web Push with the tests' key pair, sending for real (to the local stand-in push service only, by the tests' config). */
export const testPushSender = (): PushSender => webPushSender(() => Promise.resolve(TEST_VAPID));

/** http_ece (web-push's own dependency) decrypts as a browser would; it has no types. */
const ece = createRequire(__filename)('http_ece') as { decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer };

/** A push's body as the subscribed phone reads it: decrypted with its key pair and auth secret. */
export const decryptPush = (body: Buffer, phone: ECDH, authSecret: string): string => ece.decrypt(body, { version: 'aes128gcm', privateKey: phone, authSecret }).toString('utf8');
