import { config } from 'zod/mini';
// Only the English messages: `z.locales` would bundle every language (about 400 KB).
import en from 'zod/v4/locales/en.js';

// zod/mini ships without messages to stay small; English ones make errors name what is wrong.
// Modules import `* as z from 'zod/mini'` themselves (member access lets esbuild drop the rest of
// zod); this module is imported wherever messages are read.
config(en());

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.goals.0.title`; empty for the whole value. */
  field: string;
  detail: string;
}

/**
 * Turns a validation issue into the field it names; an unknown key names the key itself.
 * @example toFieldIssue({ path: [], message: 'Unrecognized key: "b"' }) // { field: 'b', ... }
 */
export const toFieldIssue = (issue: { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string }): FieldIssue => {
  const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p));
  const unknownKeys = /^Unrecognized keys?: (.+)$/.exec(issue.message);
  if (unknownKeys) {
    const keys = [...(unknownKeys[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return { field: [...path, keys[0]].join('.'), detail: `is not an allowed field (${keys.join(', ')})` };
  }
  return { field: path.join('.'), detail: issue.message };
};
