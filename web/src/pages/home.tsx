import { useSession } from "../auth/session";
import { Page } from "../components/Page";
import { Loading } from "../components/status";
import { Link } from "../router";

export function HomePage() {
  const session = useSession();
  if (session.status === "restoring") {
    return (
      <Page title="Kith">
        <Loading />
      </Page>
    );
  }
  if (session.status === "signedOut") {
    return (
      <Page title="Neighbours looking out for each other">
        {session.notice ? <p className="notice notice--info" role="status">{session.notice}</p> : null}
        <p className="lead">
          Kith brings together local groups, volunteers and the people they support, so nobody is left on their own.
        </p>
        <ul className="list">
          <li>Volunteer for a shift, or help a neighbour with shopping, a lift or a friendly call.</li>
          <li>Keep in regular touch with someone who could do with a check-in.</li>
          <li>See the time you have given and received.</li>
        </ul>
        <p>
          <Link href="/activities">Find activities near you</Link>: lunch clubs, coffee mornings, walks and more. You
          do not need an account to look.
        </p>
        <p className="actions">
          <Link href="/register" className="button button--primary">
            Create an account
          </Link>
          <Link href="/sign-in" className="button button--secondary">
            Sign in
          </Link>
        </p>
      </Page>
    );
  }
  const { viewer } = session;
  return (
    <Page title={`Hello, ${viewer.displayName}`}>
      <p className="lead">What would you like to do?</p>
      <ul className="cards">
        <li className="card">
          <h2>
            <Link href="/activities">Find activities</Link>
          </h2>
          <p>Lunch clubs, coffee mornings and more near you, and booking a place.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/help-nearby">Help nearby</Link>
          </h2>
          <p>Neighbours who have asked for help, and offering to help.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/shifts">Find a shift</Link>
          </h2>
          <p>See what your groups need help with and sign up.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/my-shifts">My shifts</Link>
          </h2>
          <p>The shifts you are signed up for, and a calendar link for them.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/check-ins">Check-ins</Link>
          </h2>
          <p>The calls and visits you make, and what happened.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/hours">My hours</Link>
          </h2>
          <p>The time you have given and received.</p>
        </li>
        <li className="card">
          <h2>
            <Link href="/volunteering">My volunteering</Link>
          </h2>
          <p>Your skills, when you are free and how far you will travel.</p>
        </li>
      </ul>
    </Page>
  );
}

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>We could not find that page. If you typed the address, check it is correct.</p>
      <p>
        <Link href="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
