// `npm run notifications:digest`: sends the daily digest emails of the running local platform now, and
// the plan review reminders due today and tomorrow's appointment reminders (the same daily schedule in AWS).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

import { sendDigests } from '../../functions/notifications/digest';
import { sendReviewReminders } from '../../functions/notifications/review-reminders';
import { sendPhbReviewReminders } from '../../functions/notifications/phb-review-reminders';
import { sendAppointmentReminders } from '../../functions/notifications/appointment-reminders';
import { loadBoroughs } from '../boroughs';
import { fail, parseArgs } from '../local/cli-args';
import { MESSAGES_FILE } from '../local/platform-file';
import { fileSender } from '../../shared/events/messages';
import { DEFAULT_MAX_BODY_BYTES, makeDeps } from '../../shared/runtime/deps';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  for (const borough of loadBoroughs()) {
    const store = await storeFromArgs(args, borough);
    const deps = makeDeps('notifications', { borough, tableName: store.tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'local' }, store);
    const reminders = await sendReviewReminders(deps);
    const phbReviews = await sendPhbReviewReminders(deps);
    const appointments = await sendAppointmentReminders(deps);
    const { sent } = await sendDigests(deps, fileSender(MESSAGES_FILE));
    process.stdout.write(
      `${borough.id}: ${reminders.sent} plan review reminder(s) and ${phbReviews.sent} PHB review question(s) and ${appointments.sent} appointment reminder(s) sent; ${sent} digest email(s) written to ${MESSAGES_FILE}\n`,
    );
    store.client.destroy();
  }
};

main().catch((error: unknown) => fail(`notifications:digest failed: ${(error as Error).message}`));
