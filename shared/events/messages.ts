import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MessageChannel } from '../domain/notifications';

/** One email or SMS: that there is something to see, and where; never clinical content. */
export interface OutgoingMessage {
  channel: MessageChannel;
  to: string;
  userId: string;
  eventId: string;
  subject: string;
  text: string;
}

/** The email (SES) and SMS (SNS) channels behind one small interface, so that they can run locally. */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<void>;
}

/**
 * The local channels: every message is appended to a file (one JSON line each) instead of leaving
 * the machine. @example fileSender('.local/messages.jsonl')
 */
export const fileSender = (file: string): MessageSender => ({
  send: (message) => {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify({ sentAt: new Date().toISOString(), ...message })}\n`);
    return Promise.resolve();
  },
});
