/**
 * A value's words from a page's table of them; the value itself when the API sends one the table does
 * not have (a page loaded before the deploy that added it), so the person still sees something.
 */
export const wordsFor = <K extends string>(words: Readonly<Record<K, string>>, value: K): string => (Object.hasOwn(words, value) ? words[value] : value);

/** Whose record a view shows: the patient's own ("your first score"), or a patient's to their care team ("their first score"). */
export type Whose = 'mine' | 'theirs';

/** A log entry's mood (1 to 5) in words. */
export const MOOD_WORDS = ['', 'Very low', 'Low', 'Okay', 'Good', 'Very good'];
