import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "../router";

/**
 * A page: its title in the tab and as the one h1. After moving to it within
 * the app, focus goes to the heading so screen readers announce the new page.
 */
export function Page({ title, children }: { title: string; children?: ReactNode }) {
  const { navigations, path } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Kith`;
  }, [title]);
  useEffect(() => {
    if (navigations > 0) heading.current?.focus();
  }, [navigations, path]);
  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </>
  );
}
