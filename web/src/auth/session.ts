// The signed-in session.
//
// The access token (15 minutes) lives in memory only. The refresh token is
// kept in localStorage so a reload or a new tab stays signed in; each one
// works once, so refreshing is serialised across tabs with a Web Lock and
// always uses the latest stored token. Signing out in one tab signs out the
// others.

import { useSyncExternalStore } from "react";
import { ApiError, request, setTokenSource } from "../api/client";
import type { ViewerQuery } from "../gql/graphql";
import {
  LogoutMutation,
  RefreshSessionMutation,
  ViewerQuery as ViewerDocument,
} from "./operations";

const REFRESH_KEY = "kith.refreshToken";
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

export type Viewer = NonNullable<ViewerQuery["me"]>;

export type SessionState =
  | { status: "restoring" }
  | { status: "signedOut"; notice?: string }
  | { status: "signedIn"; viewer: Viewer };

export type Tokens = {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
};

let state: SessionState = { status: "restoring" };
let access: { token: string; expiresAt: number } | null = null;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function setState(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession);
}

function storedRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function storeRefreshToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(REFRESH_KEY, token);
    else localStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage can be switched off; the session then lasts as long as the page.
  }
}

function accept(tokens: Tokens): void {
  access = { token: tokens.accessToken, expiresAt: Date.parse(tokens.accessTokenExpiresAt) };
  storeRefreshToken(tokens.refreshToken);
}

function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  if (locks?.request) return locks.request("kith-refresh", work) as Promise<T>;
  return work();
}

/** Swap the stored refresh token for new tokens. False when it was refused. */
function refresh(): Promise<boolean> {
  refreshing ??= withRefreshLock(async () => {
    const token = storedRefreshToken();
    if (!token) {
      access = null;
      return false;
    }
    try {
      const data = await request(RefreshSessionMutation, { refreshToken: token }, { anonymous: true });
      accept(data.refreshSession);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code !== "NETWORK" && error.code !== "INTERNAL") {
        if (storedRefreshToken() === token) storeRefreshToken(null);
        access = null;
        return false;
      }
      throw error;
    }
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function endedElsewhere(notice: string): void {
  access = null;
  if (state.status === "signedIn") setState({ status: "signedOut", notice });
}

setTokenSource({
  async accessToken() {
    if (access && access.expiresAt - Date.now() > EARLY_MS) return access.token;
    if (!storedRefreshToken()) return access?.token ?? null;
    try {
      if (await refresh()) return access!.token;
      endedElsewhere("Your session has ended. Please sign in again.");
      return null;
    } catch {
      return access?.token ?? null;
    }
  },
  async refreshAfterRejection(rejected) {
    if (access && access.token !== rejected) return true;
    access = null;
    const ok = await refresh().catch(() => false);
    if (!ok) endedElsewhere("Your session has ended. Please sign in again.");
    return ok;
  },
});

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === REFRESH_KEY && event.newValue === null) {
      endedElsewhere("You signed out in another window.");
    }
  });
}

async function loadViewer(): Promise<void> {
  const data = await request(ViewerDocument);
  if (data.me) setState({ status: "signedIn", viewer: data.me });
  else setState({ status: "signedOut" });
}

/** On start: pick up the session a refresh token was kept for. */
export async function restoreSession(): Promise<void> {
  if (!storedRefreshToken()) {
    setState({ status: "signedOut" });
    return;
  }
  try {
    if (await refresh()) {
      await loadViewer();
      return;
    }
  } catch {
    // Kith could not be reached: stay signed out for now, keep the token.
  }
  setState({ status: "signedOut" });
}

/** After login, register or refresh: remember the tokens and who this is. */
export async function signIn(tokens: Tokens): Promise<void> {
  accept(tokens);
  await loadViewer();
}

/** Fetch the viewer again (after a change to their name or groups). */
export async function reloadViewer(): Promise<void> {
  if (state.status === "signedIn") await loadViewer();
}

/** End the session on the server and forget it here. */
export async function signOut(): Promise<void> {
  const token = storedRefreshToken();
  access = null;
  storeRefreshToken(null);
  if (token) {
    await request(LogoutMutation, { refreshToken: token }, { anonymous: true }).catch(() => false);
  }
  setState({ status: "signedOut" });
}
