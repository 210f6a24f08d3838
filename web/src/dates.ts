/** An instant's day as London counts it, in words: 1 December 2026 (not UTC's day, an hour behind in summer). */
export const londonDate = (iso: string): string => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** An instant as London counts it, with its time: 1 December 2026 at 14:05. */
export const londonDateTime = (iso: string): string => `${londonDate(iso)} at ${new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}`;
