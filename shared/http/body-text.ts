import { ValidationProblemError } from './problem';

// Fatal: a byte sequence that is not UTF-8 throws instead of becoming U+FFFD, which would be stored
// as if the sender had written it.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The answer to a body that is not UTF-8 (JSON is UTF-8, RFC 8259 §8.1): 400, naming the body. */
export const bodyNotUtf8 = (): ValidationProblemError => new ValidationProblemError(400, 'The body is not valid UTF-8; nothing was changed.', [{ field: 'body', detail: 'must be valid UTF-8' }]);

/**
 * Bytes as UTF-8 text, or undefined when they are not valid UTF-8 (never a lossy reading).
 * @example utf8Text(Buffer.from([0xc3, 0x28])) // undefined
 */
export const utf8Text = (bytes: Uint8Array): string | undefined => {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
};
