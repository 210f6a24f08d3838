import { createHash } from 'node:crypto';
import { webPushSender, type PushSender, type VapidKeys } from '../../shared/events/push';
import { vapidKeysOf } from '../../shared/runtime/push-keys';

/** The tests' VAPID key pair: fixed, so that what one test sends another can verify. */
export const TEST_VAPID: VapidKeys = vapidKeysOf(createHash('sha256').update('recovery-platform test vapid key').digest())!;

/** Web Push with the tests' key pair, sending for real (to the local stand-in push service only, by the tests' config). */
export const testPushSender = (): PushSender => webPushSender(() => Promise.resolve(TEST_VAPID));
