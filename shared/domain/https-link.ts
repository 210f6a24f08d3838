/**
 * Why a link is not a plain https address, or undefined with the URL it parses to: printable ASCII
 * only (what a browser and any other reader parse alike, and show as typed), https, no user name,
 * password or port. What the video call links and the library's links both ask first.
 * @example plainHttpsLink('http://example.org').problem // 'must be an https link'
 */
export const plainHttpsLink = (link: string): { problem: string; url?: undefined } | { problem?: undefined; url: URL } => {
  if (/[^\x21-\x7E]|\\/.test(link)) return { problem: 'must be a plain web address: no spaces, backslashes, control or non-ASCII characters' };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { problem: 'must be a web address (https://...)' };
  }
  if (url.protocol !== 'https:') return { problem: 'must be an https link' };
  if (url.username || url.password) return { problem: 'must not hold a user name or password' };
  if (url.port !== '') return { problem: 'must not name a port' };
  return { url };
};
