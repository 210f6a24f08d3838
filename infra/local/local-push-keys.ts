import { webPushSender, type PushSender } from '../../shared/events/push';
import { fileVapidKeys } from '../../shared/runtime/push-keys';
import { VAPID_FILE } from './platform-file';

/** Web Push with the local platform's key pair (`.local/vapid.json`, made on first use). */
export const localPushSender = (file = VAPID_FILE): PushSender => {
  const keys = fileVapidKeys(file);
  return webPushSender(() => Promise.resolve(keys));
};
