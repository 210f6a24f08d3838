import { notificationOf, sameOriginPage } from '../../web/src/sw/push-message';
import { pushPayload } from '../../shared/domain/push';

describe('what a push shows on the phone (web/src/sw/push-message.ts)', () => {
  it('shows the platform’s payload as sent', () => {
    const payload = pushPayload('https://recovery.example', 'You have a new message.', '/messages/abc');
    expect(notificationOf(JSON.stringify(payload))).toEqual({ title: payload.title, body: 'You have a new message.', url: 'https://recovery.example/#/messages/abc' });
  });

  it.each([
    ['no data', undefined],
    ['text that is not JSON', 'hello'],
    ['JSON that is not an object', '42'],
    ['an object without the fields', '{"title":"","body":7}'],
  ])('still shows a plain notification for %s (every push must show one)', (_name, data) => {
    expect(notificationOf(data)).toEqual({ title: 'My recovery plan', body: 'You have a new notification. Open the app to see it.', url: '/#/notifications' });
  });

  it('opens only a page of the site itself', () => {
    const origin = 'https://recovery.example';
    expect(sameOriginPage('/#/plan', origin)).toBe('https://recovery.example/#/plan');
    expect(sameOriginPage('https://recovery.example/#/messages/x', origin)).toBe('https://recovery.example/#/messages/x');
    expect(sameOriginPage('https://evil.example/#/plan', origin)).toBe('https://recovery.example/');
    expect(sameOriginPage('javascript:alert(1)', origin)).toBe('https://recovery.example/');
  });
});
