// My time account: hours given and received, and the statement.

import { useQuery } from "../api/hooks";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatMinutes } from "../format";
import { graphql } from "../gql";
import type { TransferKind } from "../gql/graphql";
import { Link } from "../router";

const MyHoursQuery = graphql(`
  query MyHours {
    me {
      id
      displayName
      timeAccount {
        id
        balanceMinutes
        givenMinutes
        receivedMinutes
        lowerLimitMinutes
        transfers(first: 50) {
          totalCount
          edges {
            node {
              id
              kind
              minutes
              change
              reason
              payerName
              payeeName
              createdAt
            }
          }
        }
      }
    }
  }
`);

const KIND_WORDS: Record<TransferKind, string> = {
  SHIFT: "Shift",
  HELP_REQUEST: "Help",
  CHECK_IN: "Check-in",
  GIFT: "Gift of time",
  DONATION_TO_GROUP: "Given to a group",
  REVERSAL: "Correction",
  ADJUSTMENT: "Adjustment",
};

export function HoursPage() {
  const query = useQuery(MyHoursQuery, {});
  const me = query.data?.me;
  const account = me?.timeAccount;
  const transfers = account?.transfers.edges.map((e) => e.node) ?? [];

  return (
    <Page title="My hours">
      <p className="lead">
        Every hour you give on shifts, help and check-ins is counted here, and so is the help you receive.
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading your hours…</Loading> : null}
      {query.data && !account ? (
        <Empty>
          <p>You do not have a time account yet.</p>
        </Empty>
      ) : null}
      {account ? (
        <>
          <dl className="figures">
            <div className="figure">
              <dt>Time given</dt>
              <dd>{formatMinutes(account.givenMinutes)}</dd>
            </div>
            <div className="figure">
              <dt>Time received</dt>
              <dd>{formatMinutes(account.receivedMinutes)}</dd>
            </div>
            <div className="figure">
              <dt>Balance</dt>
              <dd>{formatMinutes(account.balanceMinutes)}</dd>
            </div>
          </dl>
          <p className="hint">
            Time given and received count shifts, help and check-ins. Gifts of time change your balance only.
          </p>
          {account.balanceMinutes < 0 ? (
            <p>
              Your balance is below zero because you have received more time than you have given. That is fine: Kith is
              about neighbours helping each other, and you never have to pay time back to get help.
            </p>
          ) : null}
          <section aria-labelledby="statement-title">
            <h2 id="statement-title">Statement</h2>
            {transfers.length === 0 ? (
              <Empty>
                <p>
                  Nothing yet. When a volunteer helps you, or you give time on a shift, a check-in or by helping
                  someone, the time shows here. <Link href="/shifts">Find a shift</Link> or{" "}
                  <Link href="/ask-for-help">ask for help</Link>.
                </p>
              </Empty>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <caption className="visually-hidden">Your time account, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">What</th>
                      <th scope="col" className="num">
                        Change
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {transfers.map((t) => {
                      const change = t.change ?? 0;
                      // Help moves time from the person helped to the helper.
                      const other =
                        change >= 0
                          ? `from ${t.payerName}`
                          : t.kind === "HELP_REQUEST"
                            ? `you received from ${t.payeeName}`
                            : `to ${t.payeeName}`;
                      const kind = KIND_WORDS[t.kind] ?? t.kind;
                      const reason = t.reason && t.reason.toLowerCase() !== kind.toLowerCase() ? t.reason : null;
                      return (
                        <tr key={t.id}>
                          <td>{formatDay(t.createdAt)}</td>
                          <td>
                            <strong>{kind}</strong> {other}
                            {reason ? <span className="block">{reason}</span> : null}
                          </td>
                          <td className="num">
                            {change >= 0 ? "+" : "−"}
                            {formatMinutes(Math.abs(change))}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {account.transfers.totalCount > transfers.length ? (
              <p className="hint">Showing the latest {transfers.length} of {account.transfers.totalCount}.</p>
            ) : null}
          </section>
        </>
      ) : null}
    </Page>
  );
}
