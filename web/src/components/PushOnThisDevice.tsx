import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { activeRegistration, bytesOf, deviceLabel, isApplePhone, pushSupported, subscriptionIdOf } from '../push';

/**
 * What this phone can do about push: `unsupported` (no Push API: an iPhone outside the Home Screen app,
 * an old browser), `unavailable` (the borough has no push: 404 on its key), `blocked` (the person said no
 * to the browser's question), else `off` or `on` (this browser is subscribed and the platform knows it).
 */
type State = 'checking' | 'unsupported' | 'unavailable' | 'blocked' | 'off' | 'on';

const vapidKey = async (api: ReturnType<typeof useApp>['api']): Promise<string | undefined> => {
  try {
    return (await api.GET('/push/vapid-public-key')).publicKey;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
};

const SETTINGS_HELP = isApplePhone()
  ? 'To allow them, open your iPhone’s Settings, tap Notifications, find this app and turn on Allow Notifications. Then come back to this page.'
  : 'To allow them, open your browser’s settings, go to Site settings (or Privacy, then Notifications), find this site and change Notifications to Allow. Then come back to this page.';

/**
 * Notifications on this phone (issue 25): the browser's permission, a push subscription with the
 * borough's VAPID key, and the device registered with the platform; or turned off again (the device
 * removed from the platform, then the browser unsubscribed). `onTurnedOn` lets the page turn the
 * person's push choice on too, since a device alone receives nothing while it is off.
 */
export const PushOnThisDevice = ({ onTurnedOn }: { onTurnedOn?: () => Promise<void> }) => {
  const { api } = useApp();
  const [state, setState] = useState<State>('checking');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const check = async (): Promise<State> => {
    if (!pushSupported()) return 'unsupported';
    if ((await vapidKey(api)) === undefined) return 'unavailable';
    if (Notification.permission === 'denied') return 'blocked';
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    if (!subscription || Notification.permission !== 'granted') return 'off';
    // On only if the platform still has this device (it removes one its push service says has gone).
    const id = await subscriptionIdOf(subscription.endpoint);
    const devices = await api.GET('/me/push-subscriptions');
    return devices.items.some((d) => d.subscriptionId === id) ? 'on' : 'off';
  };

  useEffect(() => {
    check().then(setState, () => setState('off'));
  }, []);

  const failed = (e: unknown): void => {
    setProblem(e instanceof ApiError ? e.message : 'We could not change notifications on this phone. Check your internet connection and try again.');
  };

  /** Asks the browser, subscribes it and registers the device: the state it ends in, or what to tell the person. */
  const subscribeHere = async (): Promise<{ state: State } | { problem: string }> => {
    const permission = await Notification.requestPermission();
    if (permission === 'denied') return { state: 'blocked' };
    if (permission !== 'granted') return { problem: 'Notifications were not turned on. Tap the button again and choose Allow when your phone asks.' };
    const key = await vapidKey(api);
    if (key === undefined) return { state: 'unavailable' };
    const registration = await activeRegistration();
    if (!registration) return { problem: 'This site is not fully set up on this phone yet. Reload the page and try again.' };
    const applicationServerKey = bytesOf(key);
    // A subscription already on the phone is never reused: it may be someone else's who used this phone
    // (their pushes would come here too), or made with a key the borough no longer uses. Its push
    // service then answers 410 and the platform drops it.
    await (await registration.pushManager.getSubscription())?.unsubscribe();
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    const { endpoint, keys, expirationTime } = subscription.toJSON();
    await api.POST('/me/push-subscriptions', {
      body: { endpoint: endpoint ?? subscription.endpoint, keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' }, ...(expirationTime != null ? { expirationTime } : {}), label: deviceLabel() },
    });
    await onTurnedOn?.();
    return { state: 'on' };
  };

  const turnOn = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      const outcome = await subscribeHere();
      if ('state' in outcome) setState(outcome.state);
      else setProblem(outcome.problem);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setProblem(undefined);
    setBusy(true);
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        await api.DELETE('/me/push-subscriptions/{subscriptionId}', { params: { path: { subscriptionId: await subscriptionIdOf(subscription.endpoint) } } });
        await subscription.unsubscribe();
      }
      setState('off');
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="push-heading">
      <h2 class="nhsuk-heading-m" id="push-heading">
        Notifications on this phone
      </h2>
      <p>Your phone can tell you when there is something new for you here, such as your care team seeing your update.</p>
      <div class="nhsuk-inset-text">
        <span class="nhsuk-u-visually-hidden">Information: </span>
        <p>A notification never shows what you or anyone else wrote, or anyone’s name. It only says there is something new. You see what it is when you open this site.</p>
      </div>
      {problem && (
        <div class="nhsuk-error-message" role="alert">
          <span class="nhsuk-u-visually-hidden">Error:</span> {problem}
        </div>
      )}
      {state === 'checking' && <p role="status">Checking this phone…</p>}
      {state === 'unsupported' && (
        <>
          <p>This browser cannot show notifications from this site.</p>
          <p>
            On an iPhone or iPad, add this site to your Home Screen first: tap <strong>Share</strong>, then <strong>Add to Home Screen</strong>. Then open it from your Home Screen, sign in and come
            back to this page.
          </p>
        </>
      )}
      {state === 'unavailable' && <p>Notifications on your phone are not available in your borough yet. New notifications still show on this page when you sign in.</p>}
      {state === 'blocked' && (
        <>
          <p>You have blocked notifications from this site on this phone.</p>
          <p>{SETTINGS_HELP}</p>
        </>
      )}
      {state === 'off' && (
        <button type="button" class="nhsuk-button" disabled={busy} onClick={() => void turnOn()}>
          Turn on notifications on this phone
        </button>
      )}
      {state === 'on' && (
        <>
          <p role="status">
            <strong>Notifications are on for this phone.</strong>
          </p>
          <button type="button" class="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={() => void turnOff()}>
            Turn off notifications on this phone
          </button>
        </>
      )}
    </section>
  );
};
