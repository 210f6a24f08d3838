import type { MessageSender } from '../../shared/events/messages';
import type { Deps } from '../../shared/runtime/deps';
import { claimMessage, clearDigestItem, confirmMessage, pendingDigest } from '../../shared/store/channel-repository';
import { listDirectory } from '../../shared/store/directory-repository';

/**
 * The daily digest: one email per person with waiting non-urgent notifications, saying how many
 * (never what), then the waiting items are cleared. Run once a day (EventBridge in AWS,
 * `npm run notifications:digest` locally); running it twice the same day sends nothing twice.
 */
export const sendDigests = async (deps: Deps, sender: MessageSender): Promise<{ sent: number }> => {
  const borough = deps.config.borough.id;
  const day = deps.clock().toISOString().slice(0, 10);
  let sent = 0;
  for (const user of await listDirectory(deps.store, borough)) {
    const pending = await pendingDigest(deps.store, borough, user.userId);
    if (pending.length === 0 || !user.email) continue;
    const digestId = `digest-${day}`;
    if (await claimMessage(deps.store, borough, user.userId, digestId, 'email')) {
      const text = `You have ${pending.length} new notification${pending.length === 1 ? '' : 's'} in the recovery platform. Open the app to see: /me/notifications`;
      await sender.send({ channel: 'email', to: user.email, userId: user.userId, eventId: digestId, subject: 'Recovery platform: your daily summary', text });
      await confirmMessage(deps.store, borough, user.userId, digestId, 'email');
      sent++;
    }
    for (const item of pending) await clearDigestItem(deps.store, borough, user.userId, item.sk);
  }
  return { sent };
};
