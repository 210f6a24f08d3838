import { channelsFor, type Preferences } from '../../shared/domain/notifications';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushDelivery, pushEndpointRefusal, pushPayload } from '../../shared/domain/push';
import { fileVapidKeys, vapidKeysOf } from '../../shared/runtime/push-keys';

describe('push as a channel', () => {
  const prefs = (p: Partial<Preferences>): Preferences => ({ email: 'digest', sms: 'urgent', push: 'on', ...p });

  it('pushes urgent and other news at once when on, never into the digest, and nothing when off', () => {
    expect(channelsFor(prefs({}), true)).toEqual({ now: ['email', 'sms', 'push'], digest: false });
    expect(channelsFor(prefs({}), false)).toEqual({ now: ['push'], digest: true });
    expect(channelsFor(prefs({ email: 'immediate' }), false)).toEqual({ now: ['email', 'push'], digest: false });
    expect(channelsFor(prefs({ push: 'off', email: 'off', sms: 'off' }), true)).toEqual({ now: [], digest: false });
    expect(channelsFor(prefs({ push: 'off' }), false)).toEqual({ now: [], digest: true });
  });

  it('says what an SMS says, with the absolute page address, and wakes the phone only for urgent news', () => {
    expect(pushPayload('https://recovery.example/', 'You have a new message.', '/messages/x')).toEqual({
      title: 'Recovery platform',
      body: 'You have a new message.',
      url: 'https://recovery.example/#/messages/x',
    });
    expect(pushDelivery(true)).toEqual({ ttlSeconds: 86_400, urgency: 'high' });
    expect(pushDelivery(false).urgency).toBe('normal');
  });

  it('allows the local origin only where the config names it, and only its /local-push/ path', () => {
    expect(pushEndpointRefusal('http://localhost:3000/local-push/a', undefined)).toBe('must be an https: address');
    expect(pushEndpointRefusal('http://localhost:3000/local-push/a', 'http://localhost:3000')).toBeUndefined();
    expect(pushEndpointRefusal('http://localhost:3000/city-and-hackney/me', 'http://localhost:3000')).toBe('must be an https: address');
    expect(pushEndpointRefusal('https://wns2-db5p.notify.windows.com/w/?token=x', undefined)).toBeUndefined();
  });
});

describe('the local VAPID key file', () => {
  it('is made once, readable by its owner only, and gives the same key pair on every start', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vapid-')), 'vapid.json');
    const first = fileVapidKeys(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(fileVapidKeys(file)).toEqual(first);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(vapidKeysOf(Buffer.from(first.privateKey, 'base64url'))).toEqual(first);
  });
});
