// A very small client-side router over the History API: the server answers
// every page path with index.html, and the app picks the page from
// location.pathname.

import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

export type Location = {
  /** The path without a trailing slash ("/" for the home page). */
  path: string;
  search: URLSearchParams;
  /** How many in-app navigations led here (0 on the first page load). */
  navigations: number;
};

let navigations = 0;
let current = read();
const listeners = new Set<() => void>();

function read(): Location {
  const path = window.location.pathname.replace(/\/+$/, "") || "/";
  return { path, search: new URLSearchParams(window.location.search), navigations };
}

function update(): void {
  navigations += 1;
  current = read();
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", update);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentLocation(): Location {
  return current;
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.scrollTo(0, 0);
  update();
}

/** Paths the server answers itself rather than the app. */
function isAppPath(href: string): boolean {
  if (!href.startsWith("/") || href.startsWith("//")) return false;
  const path = href.split(/[?#]/)[0];
  if (/^\/(graphql|calendar|openreferral)(\/|$)/.test(path)) return false;
  // Files (outcomes.csv, feeds) are the server's, not pages of the app.
  return !path.split("/").pop()!.includes(".");
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey ||
      rest.target ||
      !isAppPath(href)
    ) {
      return;
    }
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

/** Go somewhere else at once (for pages that need a sign-in). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
