import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Signed in but untouched this long, the session ends: a phone left on a table or lost, a ward's
 * shared computer (hazard H: a session left open). Fifteen minutes, as NHS systems commonly lock.
 */
export const IDLE_SIGN_OUT_MS = 15 * 60_000;
/** The warning shows this long before, with a way to stay. */
export const IDLE_WARNING_MS = 2 * 60_000;
const LAST_ACTIVE = 'recovery.lastActive';
const lastActive = (): number | undefined => {
  const stored = Number(sessionStorage.getItem(LAST_ACTIVE));
  return Number.isFinite(stored) && stored > 0 ? stored : undefined;
};
/** A new session starts its count afresh; an ended one leaves nothing behind. */
export const resetLastActive = (): void => sessionStorage.removeItem(LAST_ACTIVE);

/** What counts as someone using the page (not the pointer merely passing over it). */
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * While `active`, watches for the person using the page: returns the seconds left once the warning is
 * due (else undefined), and calls `onIdle` when they run out. Checked each second against the clock
 * rather than by one long timer, because a phone asleep holds timers back: on waking, an overdue
 * session ends at once. Not a library: the maintained idle timers are React components, and this is
 * one interval and four listeners.
 */
export const useIdleSignOut = (active: boolean, onIdle: () => void): number | undefined => {
  const [secondsLeft, setSecondsLeft] = useState<number>();
  const idle = useRef(onIdle);
  idle.current = onIdle;
  useEffect(() => {
    if (!active) return undefined;
    // Kept with the session (sessionStorage), so that reloading the page or reopening the tab does not start the count again.
    let last = lastActive() ?? Date.now();
    const used = () => {
      last = Date.now();
      sessionStorage.setItem(LAST_ACTIVE, String(last));
      setSecondsLeft(undefined);
    };
    sessionStorage.setItem(LAST_ACTIVE, String(last));
    for (const type of ACTIVITY) window.addEventListener(type, used, { capture: true, passive: true });
    const tick = window.setInterval(() => {
      const untouched = Date.now() - last;
      if (untouched >= IDLE_SIGN_OUT_MS) idle.current();
      else setSecondsLeft(untouched >= IDLE_SIGN_OUT_MS - IDLE_WARNING_MS ? Math.ceil((IDLE_SIGN_OUT_MS - untouched) / 1000) : undefined);
    }, 1000);
    return () => {
      window.clearInterval(tick);
      for (const type of ACTIVITY) window.removeEventListener(type, used, { capture: true });
    };
  }, [active]);
  return secondsLeft;
};
