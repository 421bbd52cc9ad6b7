import { useCallback, useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "../gql/graphql";
import { ApiError, request } from "./client";

export type QueryState<T> = {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** Fetch again, keeping the current data on screen meanwhile. */
  reload: () => Promise<void>;
};

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError([{ message: "Something went wrong. Please try again.", code: "INTERNAL", field: null }]);
}

/** Run a query when the component shows and whenever its variables change. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): QueryState<TResult> {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{ key: string; data: TResult | null; error: ApiError | null; loading: boolean }>(
    { key, data: null, error: null, loading: true },
  );
  const latest = useRef(0);

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, key, loading: true }));
    try {
      const data = await (request as (d: unknown, v: unknown) => Promise<TResult>)(document, JSON.parse(key));
      if (ticket === latest.current) setState({ key, data, error: null, loading: false });
    } catch (error) {
      if (ticket === latest.current) setState({ key, data: null, error: asApiError(error), loading: false });
    }
  }, [document, key]);

  useEffect(() => {
    void load();
  }, [load]);

  const sameVariables = state.key === key;
  return {
    data: sameVariables ? state.data : null,
    error: sameVariables ? state.error : null,
    loading: state.loading || !sameVariables,
    reload: load,
  };
}

/**
 * Guard an action (a mutation and what follows it) against running twice:
 * `busy` is true while it runs, and starting it again meanwhile does nothing.
 */
export function useAction(): [busy: boolean, act: (work: () => Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const act = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await work();
    } finally {
      running.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);
  return [busy, act];
}

type Connection<N> = { edges: { node: N }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

/** Pages fetched at most, so a long list cannot keep the page loading forever. */
const MAX_PAGES = 10;

/**
 * Like useQuery, for a query with one list to read to the end: follows
 * `pageInfo.endCursor` (as `after`) until there are no more pages, and
 * returns every node. `data` is the first page (for the query's other fields).
 */
export function useWholeList<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  list: (data: TResult) => Connection<TNode>,
): QueryState<TResult> & { nodes: TNode[] | null } {
  const key = JSON.stringify(variables ?? {});
  const [state, setState] = useState<{
    key: string;
    data: TResult | null;
    nodes: TNode[] | null;
    error: ApiError | null;
    loading: boolean;
  }>({ key, data: null, nodes: null, error: null, loading: true });
  const latest = useRef(0);
  const pick = useRef(list);
  pick.current = list;

  const load = useCallback(async () => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, key, loading: true }));
    try {
      const run = request as (d: unknown, v: unknown) => Promise<TResult>;
      const base = JSON.parse(key) as TVariables;
      const first = await run(document, base);
      let page = pick.current(first);
      const nodes = page.edges.map((e) => e.node);
      for (let n = 1; n < MAX_PAGES && page.pageInfo.hasNextPage && page.pageInfo.endCursor; n++) {
        page = pick.current(await run(document, { ...base, after: page.pageInfo.endCursor }));
        nodes.push(...page.edges.map((e) => e.node));
      }
      if (ticket === latest.current) setState({ key, data: first, nodes, error: null, loading: false });
    } catch (error) {
      if (ticket === latest.current) {
        setState({ key, data: null, nodes: null, error: asApiError(error), loading: false });
      }
    }
  }, [document, key]);

  useEffect(() => {
    void load();
  }, [load]);

  const same = state.key === key;
  return {
    data: same ? state.data : null,
    nodes: same ? state.nodes : null,
    error: same ? state.error : null,
    loading: state.loading || !same,
    reload: load,
  };
}
