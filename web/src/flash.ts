// A one-off message carried to the next page ("Your password has been
// changed"), shown once at the top of that page.

import { currentLocation, useLocation } from "./router";

let pending: { message: string; navigations: number } | null = null;

/** Show `message` on the page the app goes to next. Call just before navigating. */
export function flash(message: string): void {
  pending = { message, navigations: currentLocation().navigations + 1 };
}

/** The message left for the page being shown, if any. */
export function useFlash(): string | null {
  const { navigations } = useLocation();
  return pending && pending.navigations === navigations ? pending.message : null;
}
