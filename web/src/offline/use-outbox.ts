import { useEffect, useState } from 'preact/hooks';
import type { App } from '../app-context';
import { ME } from '../api';
import { keep, keptCopy } from './kept';
import { flushOutbox, onOutboxChange, queuedUpdates, type QueuedUpdate } from './outbox';

/** This person's updates not sent yet, kept current as they are queued, sent or discarded. */
export const useQueuedUpdates = (app: App | undefined): QueuedUpdate[] => {
  const [items, setItems] = useState<QueuedUpdate[]>(() => (app ? queuedUpdates(app.session) : []));
  useEffect(() => {
    if (!app) return undefined;
    setItems(queuedUpdates(app.session));
    return onOutboxChange(() => setItems(queuedUpdates(app.session)));
  }, [app]);
  return items;
};

/**
 * For the whole signed-in site (a patient may be on any page when the connection returns): keeps the
 * crisis plan, sends what is queued now, whenever the browser says it is back online, and every minute while anything
 * waits (a phone can be "online" on a network that answers nothing); and asks before the tab is closed
 * with updates not sent.
 */
export const useOutboxSender = (app: App | undefined): void => {
  const waiting = useQueuedUpdates(app).filter((i) => !i.notSent).length;
  useEffect(() => {
    if (!app || !app.session.roles.includes('patient')) return undefined;
    const send = () => void flushOutbox(app.api, app.session).catch(() => undefined);
    send();
    // The crisis plan kept from sign-in on: a red update made offline shows its contacts even if the
    // crisis plan page was never opened this session.
    if (!keptCopy(app.session, 'crisis-plan')) {
      app.api
        .GET('/patients/{patientId}/crisis-plan', { params: ME })
        .then((plan) => keep(app.session, 'crisis-plan', plan))
        .catch(() => undefined);
    }
    window.addEventListener('online', send);
    const retry = window.setInterval(() => {
      if (queuedUpdates(app.session).some((i) => !i.notSent)) send();
    }, 60_000);
    return () => {
      window.removeEventListener('online', send);
      window.clearInterval(retry);
    };
  }, [app]);
  useEffect(() => {
    if (waiting === 0) return undefined;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [waiting]);
};
