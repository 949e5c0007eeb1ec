import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** The app's pages. gatepost answers each of these paths with the app (see server/src/http/web-app.ts). */
export const PAGES = [
  { path: '/', label: 'Contact' },
  { path: '/account', label: 'Account' },
  { path: '/shop', label: 'Shop' },
  { path: '/admin', label: 'Admin' },
] as const;

export type PagePath = (typeof PAGES)[number]['path'];

/** The page at the address, or null for an address the app has no page for. */
function currentPath(): PagePath | null {
  const path = window.location.pathname;
  return PAGES.find((page) => page.path === path)?.path ?? null;
}

const NAVIGATE = 'gatepost:navigate';

export function navigate(path: PagePath): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The page in the address bar, kept in step with links and the back button. */
export function usePath(): PagePath | null {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return path;
}

/** A real link (it opens in a new tab, and works without script) that navigates in place. */
export function Link({ to, children, current }: { readonly to: PagePath; readonly children: ReactNode; readonly current: boolean }) {
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a href={to} onClick={follow} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
