// A small GraphQL client over fetch: one JSON POST per operation to
// /graphql, the signed-in person's access token as a Bearer header, and
// every error turned into an ApiError that keeps each problem's
// `extensions.code` and `extensions.field`.

import type { TypedDocumentString } from "../gql/graphql";

/** One error from the API, as the server described it. */
export type Problem = {
  message: string;
  /** `extensions.code`: UNAUTHENTICATED, VALIDATION, WEAK_PASSWORD… or NETWORK when Kith could not be reached. */
  code: string;
  /** `extensions.field`: the input at fault, for VALIDATION errors. */
  field: string | null;
};

export class ApiError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems[0]?.message ?? "Something went wrong. Please try again.");
    this.name = "ApiError";
    this.problems = problems.length > 0 ? problems : [{ message: this.message, code: "INTERNAL", field: null }];
  }

  get code(): string {
    return this.problems[0].code;
  }

  has(code: string): boolean {
    return this.problems.some((p) => p.code === code);
  }
}

export const NETWORK_MESSAGE =
  "We could not reach Kith. Check your internet connection and try again.";
const SERVER_MESSAGE = "Something went wrong on our side. Please try again in a moment.";

/** Where the client gets tokens from (the session). */
export type TokenSource = {
  /** A current access token, refreshing it first if it is about to expire; null when signed out. */
  accessToken(): Promise<string | null>;
  /** The server refused the token: refresh once. True when there is a new one to retry with. */
  refreshAfterRejection(rejected: string): Promise<boolean>;
};

let tokenSource: TokenSource | null = null;

export function setTokenSource(source: TokenSource): void {
  tokenSource = source;
}

/** The current access token (refreshed if it is about to expire), for live updates; null when signed out. */
export async function currentAccessToken(): Promise<string | null> {
  return tokenSource ? tokenSource.accessToken() : null;
}

type GraphQLResponse<T> = {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: string; field?: string } }[];
};

function operationName(query: string): string | undefined {
  return /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

async function post<T>(
  query: string,
  variables: unknown,
  token: string | null,
): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables: variables ?? {}, operationName: operationName(query) }),
    });
  } catch {
    throw new ApiError([{ message: NETWORK_MESSAGE, code: "NETWORK", field: null }]);
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError([{ message: SERVER_MESSAGE, code: "INTERNAL", field: null }]);
  }
  return { status: response.status, body };
}

function problemsOf(body: GraphQLResponse<unknown>): Problem[] {
  return (body.errors ?? []).map((e) => ({
    message: e.message || SERVER_MESSAGE,
    code: e.extensions?.code ?? "INTERNAL",
    field: e.extensions?.field ?? null,
  }));
}

export type RequestOptions = {
  /** Send without the access token even when signed in. */
  anonymous?: boolean;
};

/**
 * Run one operation. Resolves with `data`, or rejects with an ApiError.
 * A request refused as UNAUTHENTICATED with a token is retried once after
 * refreshing the session.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables, options]: TVariables extends Record<string, never>
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions]
): Promise<TResult> {
  const query = document.toString();
  const useToken = !options?.anonymous && tokenSource !== null;
  let token = useToken ? await tokenSource!.accessToken() : null;
  let { status, body } = await post<TResult>(query, variables, token);
  let problems = problemsOf(body);
  if (token && problems.some((p) => p.code === "UNAUTHENTICATED")) {
    if (await tokenSource!.refreshAfterRejection(token)) {
      token = await tokenSource!.accessToken();
      ({ status, body } = await post<TResult>(query, variables, token));
      problems = problemsOf(body);
    }
  }
  if (problems.length > 0) throw new ApiError(problems);
  if (body.data == null) {
    throw new ApiError([{ message: SERVER_MESSAGE, code: status >= 500 ? "INTERNAL" : "UNKNOWN", field: null }]);
  }
  return body.data;
}
