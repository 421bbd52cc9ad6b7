// Live updates: a minimal client of the graphql-transport-ws protocol over
// a WebSocket to /graphql/ws. Each subscription has its own socket; the
// signed-in person's access token goes in `connection_init` as
// {"Authorization": "Bearer …"} (Kith checks it once, when the socket
// opens). A dropped socket is opened again after a growing pause, with a
// fresh token, until the subscription is stopped.

import { useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "../gql/graphql";
import { currentAccessToken, type Problem } from "./client";

/** Where a live subscription stands. */
export type LiveStatus = "connecting" | "live" | "reconnecting" | "stopped";

type Handlers<T> = {
  onData: (data: T) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The server refused the subscription (not allowed, bad id…): it is not retried. */
  onError?: (problems: Problem[]) => void;
};

type ServerMessage =
  | { type: "connection_ack" }
  | { type: "ping" }
  | { type: "pong" }
  | { type: "next"; id: string; payload: { data?: unknown; errors?: RawError[] } }
  | { type: "error"; id: string; payload: RawError[] }
  | { type: "complete"; id: string };

type RawError = { message?: string; extensions?: { code?: string; field?: string } };

const PROTOCOL = "graphql-transport-ws";
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

function problems(errors: RawError[] | undefined): Problem[] {
  return (errors ?? []).map((e) => ({
    message: e.message || "Live updates are not available.",
    code: e.extensions?.code ?? "INTERNAL",
    field: e.extensions?.field ?? null,
  }));
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/graphql/ws`;
}

/**
 * Start a subscription. Returns a function that stops it (and closes its
 * socket).
 */
export function subscribe<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  handlers: Handlers<TResult>,
): () => void {
  const query = document.toString();
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempts = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const id = "1";

  const status = (s: LiveStatus) => handlers.onStatus?.(s);

  const scheduleRetry = () => {
    if (stopped) return;
    status("reconnecting");
    const wait = RETRY_MS[Math.min(attempts, RETRY_MS.length - 1)];
    attempts += 1;
    retry = setTimeout(() => void open(), wait);
  };

  const open = async () => {
    if (stopped) return;
    const token = await currentAccessToken().catch(() => null);
    if (stopped) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(socketUrl(), PROTOCOL);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    let refused = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} }));
    };
    ws.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      switch (message.type) {
        case "connection_ack":
          attempts = 0;
          ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables: variables ?? {} } }));
          status("live");
          break;
        case "ping":
          ws.send(JSON.stringify({ type: "pong" }));
          break;
        case "next":
          if (message.payload.errors?.length) handlers.onError?.(problems(message.payload.errors));
          else if (message.payload.data) handlers.onData(message.payload.data as TResult);
          break;
        case "error":
          refused = true;
          handlers.onError?.(problems(message.payload));
          ws.close(1000);
          break;
        case "complete":
          refused = true;
          ws.close(1000);
          break;
        default:
          break;
      }
    };
    ws.onclose = (event) => {
      if (socket === ws) socket = null;
      if (stopped) return;
      // 4403 Forbidden / 4401 Unauthorized from connection_init, or the
      // server refused the operation: a new token may help once.
      if (refused) {
        status("stopped");
        return;
      }
      if (event.code === 4400) {
        status("stopped");
        return;
      }
      scheduleRetry();
    };
  };

  status("connecting");
  void open();

  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const ws = socket;
    socket = null;
    if (ws) {
      if (ws.readyState === WebSocket.OPEN) {
        try {
          ws.send(JSON.stringify({ id, type: "complete" }));
        } catch {
          // closing anyway
        }
        ws.close(1000);
      } else if (ws.readyState === WebSocket.CONNECTING) {
        ws.onopen = () => ws.close(1000);
      }
    }
  };
}

/**
 * Keep a subscription open while the component shows (and `variables`
 * stay the same); `onData` is called with each event. Returns where the
 * connection stands. Pass `enabled: false` to hold off.
 */
export function useSubscription<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  enabled = true,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const handler = useRef(onData);
  handler.current = onData;
  const key = JSON.stringify(variables ?? {});
  useEffect(() => {
    if (!enabled) {
      setStatus("stopped");
      return undefined;
    }
    return subscribe(document, JSON.parse(key) as TVariables, {
      onData: (data) => handler.current(data),
      onStatus: setStatus,
      onError: () => setStatus("stopped"),
    });
  }, [document, key, enabled]);
  return status;
}
