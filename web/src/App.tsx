import type { ComponentType } from "react";
import { useSession } from "./auth/session";
import { Layout } from "./components/Layout";
import { Page } from "./components/Page";
import { Loading } from "./components/status";
import { ForgotPasswordPage, RegisterPage, ResetPasswordPage, SignInPage } from "./pages/account";
import { AskHelpPage } from "./pages/ask-help";
import { ActivityPage } from "./pages/activity";
import { CheckInsPage } from "./pages/checkins";
import { DashboardPage } from "./pages/dashboard";
import { DirectoryPage } from "./pages/directory";
import { GroupPage } from "./pages/group";
import { GroupsPage } from "./pages/groups";
import { HelpNearbyPage } from "./pages/help-nearby";
import { HomePage, NotFoundPage } from "./pages/home";
import { HoursPage } from "./pages/hours";
import { MyCheckInsPage } from "./pages/my-check-ins";
import { MyHelpPage } from "./pages/my-help";
import { OutcomeSurveyPage } from "./pages/outcome-survey";
import { PostActivityPage } from "./pages/post-activity";
import { PrivacyPage } from "./pages/privacy";
import { ReferralPage } from "./pages/referral";
import { ReferralsPage } from "./pages/referrals";
import { ResidentPage } from "./pages/resident";
import { ResidentsPage } from "./pages/residents";
import { RosterPage } from "./pages/roster";
import { MyShiftsPage, ShiftsPage } from "./pages/shifts";
import { VolunteeringPage } from "./pages/volunteering";
import { Redirect, useLocation } from "./router";

type Route = { page: ComponentType; signedIn?: boolean; title?: string };

const routes: Record<string, Route> = {
  "/": { page: HomePage },
  "/sign-in": { page: SignInPage },
  "/activities": { page: DirectoryPage },
  "/activity": { page: ActivityPage },
  "/help-nearby": { page: HelpNearbyPage, signedIn: true, title: "Help nearby" },
  "/register": { page: RegisterPage },
  "/forgot-password": { page: ForgotPasswordPage },
  "/reset-password": { page: ResetPasswordPage },
  "/shifts": { page: ShiftsPage, signedIn: true, title: "Shifts" },
  "/my-shifts": { page: MyShiftsPage, signedIn: true, title: "My shifts" },
  "/check-ins": { page: CheckInsPage, signedIn: true, title: "Check-ins" },
  "/hours": { page: HoursPage, signedIn: true, title: "My hours" },
  "/volunteering": { page: VolunteeringPage, signedIn: true, title: "My volunteering" },
  "/referrals": { page: ReferralsPage, signedIn: true, title: "Referrals" },
  "/ask-for-help": { page: AskHelpPage, signedIn: true, title: "Ask for help" },
  "/my-help": { page: MyHelpPage, signedIn: true, title: "My help" },
  "/my-check-ins": { page: MyCheckInsPage, signedIn: true, title: "My check-ins" },
  "/outcome-survey": { page: OutcomeSurveyPage, signedIn: true, title: "How are things?" },
  "/privacy": { page: PrivacyPage, signedIn: true, title: "My privacy" },
  "/residents": { page: ResidentsPage, signedIn: true, title: "Residents" },
  "/resident": { page: ResidentPage, signedIn: true, title: "Resident" },
  "/dashboard": { page: DashboardPage, signedIn: true, title: "Dashboard" },
  "/referral": { page: ReferralPage, signedIn: true, title: "Referral" },
  "/groups": { page: GroupsPage, signedIn: true, title: "My groups" },
  "/group": { page: GroupPage, signedIn: true, title: "Your group" },
  "/post-activity": { page: PostActivityPage, signedIn: true, title: "Post an activity" },
  "/roster": { page: RosterPage, signedIn: true, title: "Roster" },
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
