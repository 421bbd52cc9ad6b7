import type { MouseEvent, ReactNode } from "react";
import { useAction } from "../api/hooks";
import { signOut, useSession, type Viewer } from "../auth/session";
import { flash, useFlash } from "../flash";
import { Link, navigate, useLocation } from "../router";
import { Notice } from "./status";

type NavItem = { href: string; label: string };

function isPartnerStaff(viewer: Viewer): boolean {
  return viewer.memberships.some((m) => m.role === "PARTNER_STAFF" && m.status === "ACTIVE");
}

function coordinatesAGroup(viewer: Viewer): boolean {
  return viewer.memberships.some((m) => m.role === "COORDINATOR" && m.status === "ACTIVE");
}

/** Residents (people with a resident profile) see their own pages. */
function isResident(viewer: Viewer): boolean {
  return viewer.residentProfile != null;
}

/** Pages for volunteers that a resident's short menu leaves out. */
const VOLUNTEER_PAGES = ["/shifts", "/my-shifts", "/check-ins", "/volunteering"];

/** A resident's menu: their own pages in place of the volunteers' ones. */
function residentItems(items: NavItem[]): NavItem[] {
  const kept = items.filter((i) => !VOLUNTEER_PAGES.includes(i.href) && i.href !== "/hours");
  const own: NavItem[] = [
    { href: "/ask-for-help", label: "Ask for help" },
    { href: "/my-help", label: "My help" },
    { href: "/my-check-ins", label: "My check-ins" },
    { href: "/hours", label: "My hours" },
    { href: "/privacy", label: "My privacy" },
  ];
  return [...kept.slice(0, 1), ...own, ...kept.slice(1)];
}

function navItems(viewer: Viewer | null): NavItem[] {
  if (!viewer) {
    return [
      { href: "/", label: "Home" },
      { href: "/activities", label: "Find activities" },
      { href: "/sign-in", label: "Sign in" },
      { href: "/register", label: "Create an account" },
    ];
  }
  const items: NavItem[] = [
    { href: "/", label: "Home" },
    { href: "/activities", label: "Find activities" },
    { href: "/help-nearby", label: "Help nearby" },
    { href: "/shifts", label: "Shifts" },
    { href: "/my-shifts", label: "My shifts" },
    { href: "/check-ins", label: "Check-ins" },
    { href: "/hours", label: "My hours" },
    { href: "/volunteering", label: "My volunteering" },
  ];
  if (isPartnerStaff(viewer)) items.push({ href: "/referrals", label: "Referrals" });
  if (coordinatesAGroup(viewer)) items.push({ href: "/groups", label: "My groups" });
  if (coordinatesAGroup(viewer)) {
    items.push({ href: "/residents", label: "Residents" }, { href: "/dashboard", label: "Dashboard" });
  }
  if (isResident(viewer)) return residentItems(items);
  return items;
}

export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const { path } = useLocation();
  const message = useFlash();
  const [busy, act] = useAction();
  const viewer = session.status === "signedIn" ? session.viewer : null;

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById("main")?.focus();
  };

  const onSignOut = () =>
    act(async () => {
      await signOut();
      flash("You have signed out.");
      navigate("/sign-in");
    });

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="site-header">
        <div className="wrap site-header__inner">
          <Link href="/" className="brand">
            Kith
          </Link>
          {viewer ? (
            <p className="signed-in-as">
              Signed in as <strong>{viewer.displayName}</strong>
            </p>
          ) : null}
        </div>
        <nav aria-label="Main" className="site-nav">
          <ul className="wrap site-nav__list">
            {navItems(viewer).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path === item.href ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {viewer ? (
              <li>
                <button type="button" className="nav-button" onClick={onSignOut} disabled={busy}>
                  {busy ? "Signing out…" : "Sign out"}
                </button>
              </li>
            ) : null}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="wrap main">
        {message ? <Notice>{message}</Notice> : null}
        {children}
      </main>
      <footer className="site-footer">
        <div className="wrap">
          <p>Kith links community groups, volunteers and neighbours, with council, NHS and housing partners.</p>
          <p>
            Building your own app? Use the <a href="/graphql">Kith GraphQL API</a>.
          </p>
        </div>
      </footer>
    </>
  );
}
