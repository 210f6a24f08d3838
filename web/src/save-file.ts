import type { Download } from './api';

/**
 * Saves a downloaded file as the browser saves any download: through an object URL and a link with
 * `download`, clicked once. The URL is let go a moment later (at once, some browsers cancel the save).
 */
export const saveFile = ({ blob, filename }: Download): void => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
};
