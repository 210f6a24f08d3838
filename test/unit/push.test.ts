import { channelsFor, type Preferences } from '../../shared/domain/notifications';
import { pushDelivery, pushEndpointRefusal, pushPayload } from '../../shared/domain/push';

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
