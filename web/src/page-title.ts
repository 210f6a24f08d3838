import { createContext } from 'preact';
import { useContext, useEffect } from 'preact/hooks';

/** Sets the page's own title, or goes back to the route's (undefined). */
export const PageTitleContext = createContext<(title: string | undefined) => void>(() => undefined);

/**
 * Names the page by what it shows once that has loaded ("A phone for Sally Brown"), where its route
 * alone cannot: the heading and the browser tab then say it, for people and screen readers alike.
 */
export const usePageTitle = (title: string | undefined): void => {
  const setTitle = useContext(PageTitleContext);
  useEffect(() => {
    setTitle(title);
    return () => setTitle(undefined);
  }, [title]);
};
