import { useEffect, useState } from 'preact/hooks';

/** Hash routes (`#/plan`): they work from any static host, S3 and CloudFront included, with no rewrites. */
export const currentPath = (): string => location.hash.replace(/^#/, '') || '/';

export const useRoute = (): string => {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const update = () => setPath(currentPath());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return path;
};

export const navigate = (path: string): void => {
  location.hash = path;
};

/** Matches `/patients/:id/plan` against a path; the named parts, decoded, or undefined. */
export const match = (pattern: string, path: string): Record<string, string> | undefined => {
  const want = pattern.split('/');
  const [route = ''] = path.split('?');
  const got = route.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, w] of want.entries()) {
    const part = got[i];
    if (part !== undefined && w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(part);
    else if (w !== part) return undefined;
  }
  return params;
};
