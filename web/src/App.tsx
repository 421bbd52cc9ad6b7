import type { ComponentType } from "react";
import { useSession } from "./auth/session";
import { Layout } from "./components/Layout";
import { Page } from "./components/Page";
import { Loading } from "./components/status";
import { ForgotPasswordPage, RegisterPage, ResetPasswordPage, SignInPage } from "./pages/account";
import { CheckInsPage } from "./pages/checkins";
import { HomePage, NotFoundPage } from "./pages/home";
import { HoursPage } from "./pages/hours";
import { ReferralsPage } from "./pages/referrals";
import { MyShiftsPage, ShiftsPage } from "./pages/shifts";
import { VolunteeringPage } from "./pages/volunteering";
import { Redirect, useLocation } from "./router";

type Route = { page: ComponentType; signedIn?: boolean; title?: string };

const routes: Record<string, Route> = {
  "/": { page: HomePage },
  "/sign-in": { page: SignInPage },
  "/register": { page: RegisterPage },
  "/forgot-password": { page: ForgotPasswordPage },
  "/reset-password": { page: ResetPasswordPage },
  "/shifts": { page: ShiftsPage, signedIn: true, title: "Shifts" },
  "/my-shifts": { page: MyShiftsPage, signedIn: true, title: "My shifts" },
  "/check-ins": { page: CheckInsPage, signedIn: true, title: "Check-ins" },
  "/hours": { page: HoursPage, signedIn: true, title: "My hours" },
  "/volunteering": { page: VolunteeringPage, signedIn: true, title: "My volunteering" },
  "/referrals": { page: ReferralsPage, signedIn: true, title: "Referrals" },
};

function Content() {
  const session = useSession();
  const { path, search } = useLocation();
  const route = routes[path];
  if (!route) return <NotFoundPage />;
  if (route.signedIn && session.status === "restoring") {
    return (
      <Page title={route.title ?? "Kith"}>
        <Loading>Checking you are signed in…</Loading>
      </Page>
    );
  }
  if (route.signedIn && session.status === "signedOut") {
    const query = search.toString();
    const next = encodeURIComponent(path + (query ? `?${query}` : ""));
    return <Redirect to={`/sign-in?next=${next}`} />;
  }
  const Component = route.page;
  return <Component />;
}

export function App() {
  return (
    <Layout>
      <Content />
    </Layout>
  );
}
