import type { Action } from '../action';
import { ApiError, explain, type Api } from '../api';
import type { Session } from '../session';
import { forgetStored } from './kept';

/**
 * RAG updates and log entries the patient made with no connection (or whose sending never got an
 * answer), kept on the device until they are sent (issue 25, docs/offline.md). Each has its own
 * Idempotency-Key from the moment it was made: sent twice (the first answer lost), it is still one
 * update (one alert) or one entry.
 */
const OUTBOX = 'recovery.outbox';
const CHANGED = 'recovery:outbox-changed';

export type RagStatus = 'green' | 'orange' | 'red';

interface Queued {
  /** Also the Idempotency-Key it is sent with. */
  id: string;
  borough: string;
  userId: string;
  madeAt: string;
  /** Why it was not sent when it was tried, in words: it waits for the person to send it anyway or discard it. */
  notSent?: string;
}

/** A goal's green, orange or red, and its note. */
export interface QueuedRag extends Queued {
  kind: 'rag';
  goalId: string;
  status: RagStatus;
  note?: string;
  /** The plan's version this update follows: sent as If-Match (but red, which is never refused for it). */
  baseVersion: number;
}

/** A log entry, for the day it was written on (London's day), not the day it is sent. */
export interface QueuedLogEntry extends Queued {
  kind: 'log';
  text: string;
  mood: number;
  date: string;
}

export type QueuedUpdate = QueuedRag | QueuedLogEntry;

const read = (): QueuedUpdate[] => {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(OUTBOX) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedUpdate[]) : [];
  } catch {
    return [];
  }
};

const write = (items: QueuedUpdate[]): void => {
  if (items.length === 0) sessionStorage.removeItem(OUTBOX);
  else sessionStorage.setItem(OUTBOX, JSON.stringify(items));
  window.dispatchEvent(new Event(CHANGED));
};

const mine = (session: Session) => (item: QueuedUpdate) => item.borough === session.borough.id && item.userId === session.userId;

/** This person's updates not sent yet, oldest first. */
export const queuedUpdates = (session: Session): QueuedUpdate[] => read().filter(mine(session));

/** Calls `listener` whenever the outbox changes (in this tab). */
export const onOutboxChange = (listener: () => void): (() => void) => {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
};

/**
 * The version of the plan once what is queued ahead has been sent: each RAG update sent moves the
 * plan's version on by one, so a second update made offline follows the first, not the plan as kept.
 */
export const nextBaseVersion = (session: Session, planVersion: number): number => planVersion + queuedUpdates(session).filter((i) => i.kind === 'rag' && !i.notSent).length;

export const enqueue = (item: QueuedUpdate): void => write([...read(), item]);

export const discard = (id: string): void => write(read().filter((i) => i.id !== id));

/** Sends it at the next try whatever the plan's version is then (the person chose to, having been told it changed). */
export const sendAnyway = (id: string): void => write(read().map((i) => (i.id === id ? { ...i, notSent: undefined, ...(i.kind === 'rag' ? { baseVersion: -1 } : {}) } : i)));

/** At sign-out: what was not sent is not left for the next person to send. */
export const forgetOutbox = (): void => forgetStored(OUTBOX);

/** At sign-in: only what this person left (signed out for them, idle or expired) stays, to be sent now. */
export const forgetOutboxOfOthers = (session: Session): void => {
  const all = read();
  const theirs = all.filter(mine(session));
  if (theirs.length !== all.length) write(theirs);
};

/** What the sign-in page says when a session ended for the person with updates not sent. */
export const unsentNotice = (waiting: readonly QueuedUpdate[]): string => {
  const red = waiting.some((i) => i.kind === 'rag' && i.status === 'red');
  const count = waiting.length === 1 ? 'an update' : `${waiting.length} updates`;
  return `You have ${count} not sent yet: sign in again on this page to send ${waiting.length === 1 ? 'it' : 'them'}.${
    red ? ' You asked for help, and your care team has not been told yet. If you need help now, call NHS 111 and choose option 2, or 999 in an emergency.' : ''
  }`;
};

const NOT_SENT_STALE =
  'Your plan changed after you made this update (perhaps on another device, or your care team added something), so it was not sent. Check your plan, then send it anyway or discard it.';

let flushing: Promise<number> | undefined;

/**
 * Sends this person's queued updates in the order they were made. Stops at the first that gets no
 * answer (still offline: it stays queued); one refused stays, with why, for the person to decide.
 * Resolves to how many were sent. One flush at a time: a second call waits for the running one.
 */
export const flushOutbox = (api: Api, session: Session): Promise<number> => {
  flushing ??= sendQueued(api, session).finally(() => {
    flushing = undefined;
  });
  return flushing;
};

/**
 * How long a change waits for the API's answer before it counts as unanswered and is kept: a phone can
 * be "online" on a network that answers nothing, and a call for help must not hang unseen.
 */
export const SEND_TIMEOUT_MS = 15_000;

const send = async (api: Api, item: QueuedUpdate): Promise<void> => {
  if (item.kind === 'log') {
    await api.POST('/patients/{patientId}/log', {
      params: { path: { patientId: 'me' } },
      body: { text: item.text, mood: item.mood, date: item.date },
      idempotencyKey: item.id,
      timeoutMs: SEND_TIMEOUT_MS,
    });
    return;
  }
  await api.POST('/patients/{patientId}/goals/{goalId}/updates', {
    params: { path: { patientId: 'me', goalId: item.goalId } },
    body: { status: item.status, ...(item.note ? { note: item.note } : {}) },
    idempotencyKey: item.id,
    timeoutMs: SEND_TIMEOUT_MS,
    ...(item.status === 'red' || item.baseVersion < 0 ? {} : { ifMatch: item.baseVersion }),
  });
};

/** The API is still working on the first send with this key, or is busy: try again later. Any other 409 (a goal since closed) is a refusal. */
const tryAgainLater = (error: ApiError): boolean => error.status === 0 || error.status === 429 || error.status >= 500 || (error.status === 409 && (error.problem.type ?? '').endsWith('in-progress'));

const sendQueued = async (api: Api, session: Session): Promise<number> => {
  let sent = 0;
  for (const item of queuedUpdates(session)) {
    if (item.notSent) continue;
    try {
      await send(api, item);
      discard(item.id);
      sent += 1;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // No answer, or busy: it stays queued for the next try (its key makes a second send safe).
      if (tryAgainLater(error)) break;
      const notSent = error.status === 412 ? NOT_SENT_STALE : `It was not sent: ${error.problem.detail ?? explain(error.status, error.problem)}`;
      write(read().map((i) => (i.id === item.id ? { ...i, notSent } : i)));
    }
  }
  return sent;
};

/**
 * Sends a change the patient has just made, or keeps it in the outbox: at once when the browser says
 * there is no connection, or when the request gets no answer in time (it may have arrived: its key
 * makes sending it again safe). Errors the API gives are the action's to show. `send` is given the
 * timeout to send with; `sent` says what to tell the person. Resolves to what became of it.
 */
export const sendOrKeep = async <T>(action: Action, made: QueuedUpdate, send: (timeoutMs: number) => Promise<T>, sent: (answer: T) => string): Promise<'sent' | 'kept' | 'refused'> => {
  if (!navigator.onLine) {
    action.clear();
    enqueue(made);
    return 'kept';
  }
  const outcome = { kept: false };
  const done = await action.run(
    async () => {
      try {
        return await send(SEND_TIMEOUT_MS);
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 0) throw error;
        outcome.kept = true;
        enqueue(made);
        return undefined;
      }
    },
    (answer) => (answer === undefined ? '' : sent(answer)),
  );
  return outcome.kept ? 'kept' : done ? 'sent' : 'refused';
};
