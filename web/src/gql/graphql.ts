/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A weekly window when a volunteer is usually free, in UK local time. */
export type AvailabilityWindowInput = {
  /** The day. */
  day: DayOfWeek;
  /** End time, `HH:MM`. */
  endTime: string;
  /** Start time, `HH:MM`. */
  startTime: string;
};

/** How the volunteer makes contact. */
export type CheckInChannel =
  /** A phone call. */
  | 'PHONE'
  /** A video call. */
  | 'VIDEO'
  /** A visit at home (the volunteer needs a current DBS check). */
  | 'VISIT';

/** What happened when the volunteer tried to make contact. */
export type CheckInOutcome =
  /** In touch, with a concern (give flags). */
  | 'CONCERN'
  /** They did not want a check-in this time. */
  | 'DECLINED'
  /** Could not reach them: the check-in is missed and escalates. */
  | 'NO_ANSWER'
  /** They are well. */
  | 'WELL';

/** Where one check-in stands. */
export type CheckInStatus =
  /** Withdrawn because the plan was paused or ended. */
  | 'CANCELLED'
  /** Recorded as well, a concern, or declined. */
  | 'COMPLETED'
  /** No answer, or nothing recorded in time: escalated until resolved. */
  | 'MISSED'
  /** Due, nothing recorded yet. */
  | 'SCHEDULED';

/** What a concern is about. */
export type ConcernFlag =
  /** Their carer is struggling. */
  | 'CARER_STRAIN'
  /** Not eating well, no food in. */
  | 'FOOD'
  /** Physical or mental health. */
  | 'HEALTH'
  /** Safety at home (falls, fire, repairs). */
  | 'HOME_SAFETY'
  /** Lonely or isolated. */
  | 'LONELINESS'
  /** Money worries. */
  | 'MONEY'
  /** Something else. */
  | 'OTHER';

/** A day of the week. */
export type DayOfWeek =
  /** Friday. */
  | 'FRIDAY'
  /** Monday. */
  | 'MONDAY'
  /** Saturday. */
  | 'SATURDAY'
  /** Sunday. */
  | 'SUNDAY'
  /** Thursday. */
  | 'THURSDAY'
  /** Tuesday. */
  | 'TUESDAY'
  /** Wednesday. */
  | 'WEDNESDAY';

/** DBS check level. */
export type DbsLevel =
  /** Basic DBS check. */
  | 'BASIC'
  /** Enhanced DBS check (needed for most home visits). */
  | 'ENHANCED'
  /** No DBS check. */
  | 'NONE'
  /** Standard DBS check. */
  | 'STANDARD';

/** A point on the map. */
export type GeoPointInput = {
  /** Degrees north (negative for south). */
  latitude: number;
  /** Degrees east (negative for west). */
  longitude: number;
};

/** What sort of organisation a group is. */
export type GroupKind =
  /** A registered charity. */
  | 'CHARITY'
  /** The council's adult social care team (statutory partner). */
  | 'COUNCIL_ADULT_SOCIAL_CARE'
  /** A church, mosque, temple, synagogue or other faith group. */
  | 'FAITH_GROUP'
  /** Fire and rescue service (statutory partner). */
  | 'FIRE_AND_RESCUE'
  /** A housing provider or the council's housing team (statutory partner). */
  | 'HOUSING'
  /** An NHS service (statutory partner). */
  | 'NHS'
  /** Another statutory service. */
  | 'OTHER_STATUTORY'
  /** A social enterprise or community interest company. */
  | 'SOCIAL_ENTERPRISE'
  /** A local voluntary or community group. */
  | 'VOLUNTARY_GROUP';

/** A member's role in one group. */
export type MemberRole =
  /** Runs the group: approves members, posts activities and shifts. */
  | 'COORDINATOR'
  /** An ordinary member (volunteer or resident). */
  | 'MEMBER'
  /** Staff of a statutory partner who work its referral queue. */
  | 'PARTNER_STAFF'
  /** Receives safeguarding concerns for the group. */
  | 'SAFEGUARDING_LEAD';

/** Where a membership stands. */
export type MembershipStatus =
  /** A current member. */
  | 'ACTIVE'
  /** The request to join was declined. */
  | 'DECLINED'
  /** A coordinator invited the person; they have not accepted yet. */
  | 'INVITED'
  /** The person asked to join; a coordinator has not decided yet. */
  | 'PENDING';

/** What happened at a check-in. */
export type RecordCheckInInput = {
  /** The check-in. */
  checkInId: string | number;
  /** For CONCERN: what about (at least one). */
  concerns?: Array<ConcernFlag>;
  /** Minutes spent (0 to 600). */
  minutes?: number | null | undefined;
  /** Notes for the coordinators (up to 2000 characters). */
  notes?: string | null | undefined;
  /** What happened. */
  outcome: CheckInOutcome;
};

/** Why a resident is being referred. */
export type ReferralReason =
  /** Support for an unpaid carer. */
  | 'CARER_SUPPORT'
  /** An assessment of care and support needs. */
  | 'CARE_ASSESSMENT'
  /** Money: benefits, debt. */
  | 'FINANCIAL'
  /** Physical health. */
  | 'HEALTH'
  /** Safety at home: falls, fire. */
  | 'HOME_SAFETY'
  /** Housing: repairs, adaptations, homelessness. */
  | 'HOUSING'
  /** Mental health. */
  | 'MENTAL_HEALTH'
  /** Something else. */
  | 'OTHER'
  /** Safeguarding: a risk of abuse or neglect (to the council's team). */
  | 'SAFEGUARDING';

/**
 * Where a referral stands. DRAFT → SENT → ACKNOWLEDGED → ACCEPTED |
 * DECLINED | REDIRECTED; ACCEPTED → IN_PROGRESS → CLOSED.
 */
export type ReferralStatus =
  /** The partner will act on it. */
  | 'ACCEPTED'
  /** The partner has it. */
  | 'ACKNOWLEDGED'
  /** Finished (the outcome is recorded). */
  | 'CLOSED'
  /** The partner will not act on it (the note says why). */
  | 'DECLINED'
  /** Not sent yet. */
  | 'DRAFT'
  /** The partner is working on it. */
  | 'IN_PROGRESS'
  /** Passed to another partner, as a new linked referral. */
  | 'REDIRECTED'
  /** Sent; waiting for the partner to acknowledge it. */
  | 'SENT';

/** How soon the partner should act. */
export type ReferralUrgency =
  /** In the usual time. */
  | 'ROUTINE'
  /** Sooner than usual. */
  | 'SOON'
  /** Now. */
  | 'URGENT';

/** A new account. */
export type RegisterInput = {
  /** The name others will see. */
  displayName: string;
  /** Email address used to sign in. */
  email: string;
  /** At least 8 characters and not a common password. */
  password: string;
};

/** Whether a shift will happen. */
export type ShiftStatus =
  /** It has been called off. */
  | 'CANCELLED'
  /** It will happen. */
  | 'SCHEDULED';

/** Where a sign-up stands. */
export type SignupStatus =
  /** The sign-up was cancelled. */
  | 'CANCELLED'
  /** The volunteer has a place. */
  | 'CONFIRMED'
  /** The shift is full; the volunteer is on the waiting list, in order. */
  | 'WAITLISTED';

/** What a transfer is for. */
export type TransferKind =
  /** A correction by an admin. */
  | 'ADJUSTMENT'
  /** A completed check-in, paid by the group. */
  | 'CHECK_IN'
  /** Time given to a group's pot. */
  | 'DONATION_TO_GROUP'
  /** Time given from one person to another. */
  | 'GIFT'
  /** Completed help, paid by the resident (or the group's pot). */
  | 'HELP_REQUEST'
  /** Takes back an earlier transfer. */
  | 'REVERSAL'
  /** A volunteer's attended shift, paid by the group. */
  | 'SHIFT';

/** My volunteer profile. Leave a field out to keep it as it is. */
export type VolunteerProfileInput = {
  /** When I am usually free each week. */
  availability?: Array<AvailabilityWindowInput> | null | undefined;
  /** Languages I speak. */
  languages?: Array<string> | null | undefined;
  /** Where I start from. */
  location?: GeoPointInput | null | undefined;
  /** Skills I offer. */
  skills?: Array<string> | null | undefined;
  /** How far I will travel, in kilometres (0 to 200). */
  travelRadiusKm?: number | null | undefined;
};

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { me: { id: string, displayName: string, email: string | null, isAdmin: boolean | null, memberships: Array<{ id: string, role: MemberRole, status: MembershipStatus, group: { id: string, name: string, kind: GroupKind } }> } | null };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string } };

export type RefreshSessionMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshSessionMutation = { refreshSession: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string } };

export type LogoutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type LogoutMutation = { logout: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  token: string;
  newPassword: string;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type CheckInCardFragment = { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null };

export type MyCheckInsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type MyCheckInsQuery = { me: { id: string } | null, myCheckIns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null } }> } };

export type RecordCheckInMutationVariables = Exact<{
  input: RecordCheckInInput;
}>;


export type RecordCheckInMutation = { recordCheckIn: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null } };

export type MyHoursQueryVariables = Exact<{ [key: string]: never; }>;


export type MyHoursQuery = { me: { id: string, displayName: string, timeAccount: { id: string, balanceMinutes: number, givenMinutes: number, receivedMinutes: number, lowerLimitMinutes: number, transfers: { totalCount: number, edges: Array<{ node: { id: string, kind: TransferKind, minutes: number, change: number | null, reason: string, payerName: string, payeeName: string, createdAt: string } }> } } | null } | null };

export type ReferralCardFragment = { id: string, reason: ReferralReason, urgency: ReferralUrgency, status: ReferralStatus, details: string, outcome: string | null, createdAt: string, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, resident: { id: string, displayName: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> };

export type PartnerQueueQueryVariables = Exact<{
  partnerGroupId: string | number;
  after?: string | null | undefined;
}>;


export type PartnerQueueQuery = { referrals: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, reason: ReferralReason, urgency: ReferralUrgency, status: ReferralStatus, details: string, outcome: string | null, createdAt: string, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, resident: { id: string, displayName: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> } }> } };

export type UpdateReferralStatusMutationVariables = Exact<{
  referralId: string | number;
  status: ReferralStatus;
  note?: string | null | undefined;
}>;


export type UpdateReferralStatusMutation = { updateReferralStatus: { id: string, reason: ReferralReason, urgency: ReferralUrgency, status: ReferralStatus, details: string, outcome: string | null, createdAt: string, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, resident: { id: string, displayName: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> } };

export type ShiftCardFragment = { id: string, title: string, description: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, requiredSkills: Array<string>, requiredVetting: DbsLevel, membersOnly: boolean, waitlist: boolean, status: ShiftStatus, group: { id: string, name: string }, mySignup: { id: string, status: SignupStatus } | null };

export type UpcomingShiftsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UpcomingShiftsQuery = { upcomingShifts: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, description: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, requiredSkills: Array<string>, requiredVetting: DbsLevel, membersOnly: boolean, waitlist: boolean, status: ShiftStatus, group: { id: string, name: string }, mySignup: { id: string, status: SignupStatus } | null } }> } };

export type MyShiftsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type MyShiftsQuery = { me: { id: string, calendarFeedUrl: string } | null, upcomingShifts: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, description: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, requiredSkills: Array<string>, requiredVetting: DbsLevel, membersOnly: boolean, waitlist: boolean, status: ShiftStatus, group: { id: string, name: string }, mySignup: { id: string, status: SignupStatus } | null } }> } };

export type SignUpForShiftMutationVariables = Exact<{
  shiftId: string | number;
}>;


export type SignUpForShiftMutation = { signUpForShift: { id: string, status: SignupStatus, shift: { id: string, title: string, description: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, requiredSkills: Array<string>, requiredVetting: DbsLevel, membersOnly: boolean, waitlist: boolean, status: ShiftStatus, group: { id: string, name: string }, mySignup: { id: string, status: SignupStatus } | null } } };

export type CancelShiftSignupMutationVariables = Exact<{
  signupId: string | number;
}>;


export type CancelShiftSignupMutation = { cancelShiftSignup: { id: string, status: SignupStatus, shift: { id: string, title: string, description: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, requiredSkills: Array<string>, requiredVetting: DbsLevel, membersOnly: boolean, waitlist: boolean, status: ShiftStatus, group: { id: string, name: string }, mySignup: { id: string, status: SignupStatus } | null } } };

export type RotateCalendarFeedMutationVariables = Exact<{ [key: string]: never; }>;


export type RotateCalendarFeedMutation = { rotateCalendarFeedToken: string };

export type VolunteerProfileFieldsFragment = { skills: Array<string>, languages: Array<string>, travelRadiusKm: number | null, availability: Array<{ day: DayOfWeek, startTime: string, endTime: string }> };

export type MyVolunteeringQueryVariables = Exact<{ [key: string]: never; }>;


export type MyVolunteeringQuery = { me: { id: string, volunteerProfile: { skills: Array<string>, languages: Array<string>, travelRadiusKm: number | null, availability: Array<{ day: DayOfWeek, startTime: string, endTime: string }> } | null } | null };

export type UpdateVolunteerProfileMutationVariables = Exact<{
  input: VolunteerProfileInput;
}>;


export type UpdateVolunteerProfileMutation = { updateVolunteerProfile: { skills: Array<string>, languages: Array<string>, travelRadiusKm: number | null, availability: Array<{ day: DayOfWeek, startTime: string, endTime: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CheckInCardFragmentDoc = new TypedDocumentString(`
    fragment CheckInCard on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  suggestedNextSteps
  minutes
  notes
  channel
  recordedAt
  escalationStep
  resolvedAt
  resident {
    id
    displayName
  }
  volunteer {
    id
  }
  group {
    id
    name
  }
}
    `, {"fragmentName":"CheckInCard"}) as unknown as TypedDocumentString<CheckInCardFragment, unknown>;
export const ReferralCardFragmentDoc = new TypedDocumentString(`
    fragment ReferralCard on Referral {
  id
  reason
  urgency
  status
  details
  outcome
  createdAt
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  resident {
    id
    displayName
  }
  referringGroup {
    id
    name
  }
  referrer {
    id
    displayName
  }
  timeline {
    fromStatus
    toStatus
    note
    at
    actor {
      id
      displayName
    }
  }
}
    `, {"fragmentName":"ReferralCard"}) as unknown as TypedDocumentString<ReferralCardFragment, unknown>;
export const ShiftCardFragmentDoc = new TypedDocumentString(`
    fragment ShiftCard on Shift {
  id
  title
  description
  startsAt
  endsAt
  location
  places
  confirmedCount
  waitlistCount
  requiredSkills
  requiredVetting
  membersOnly
  waitlist
  status
  group {
    id
    name
  }
  mySignup {
    id
    status
  }
}
    `, {"fragmentName":"ShiftCard"}) as unknown as TypedDocumentString<ShiftCardFragment, unknown>;
export const VolunteerProfileFieldsFragmentDoc = new TypedDocumentString(`
    fragment VolunteerProfileFields on VolunteerProfile {
  skills
  languages
  travelRadiusKm
  availability {
    day
    startTime
    endTime
  }
}
    `, {"fragmentName":"VolunteerProfileFields"}) as unknown as TypedDocumentString<VolunteerProfileFieldsFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  me {
    id
    displayName
    email
    isAdmin
    memberships {
      id
      role
      status
      group {
        id
        name
        kind
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    accessTokenExpiresAt
    refreshToken
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    accessToken
    accessTokenExpiresAt
    refreshToken
  }
}
    `) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const RefreshSessionDocument = new TypedDocumentString(`
    mutation RefreshSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) {
    accessToken
    accessTokenExpiresAt
    refreshToken
  }
}
    `) as unknown as TypedDocumentString<RefreshSessionMutation, RefreshSessionMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const MyCheckInsDocument = new TypedDocumentString(`
    query MyCheckIns($after: String) {
  me {
    id
  }
  myCheckIns(first: 50, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...CheckInCard
      }
    }
  }
}
    fragment CheckInCard on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  suggestedNextSteps
  minutes
  notes
  channel
  recordedAt
  escalationStep
  resolvedAt
  resident {
    id
    displayName
  }
  volunteer {
    id
  }
  group {
    id
    name
  }
}`) as unknown as TypedDocumentString<MyCheckInsQuery, MyCheckInsQueryVariables>;
export const RecordCheckInDocument = new TypedDocumentString(`
    mutation RecordCheckIn($input: RecordCheckInInput!) {
  recordCheckIn(input: $input) {
    ...CheckInCard
  }
}
    fragment CheckInCard on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  suggestedNextSteps
  minutes
  notes
  channel
  recordedAt
  escalationStep
  resolvedAt
  resident {
    id
    displayName
  }
  volunteer {
    id
  }
  group {
    id
    name
  }
}`) as unknown as TypedDocumentString<RecordCheckInMutation, RecordCheckInMutationVariables>;
export const MyHoursDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<MyHoursQuery, MyHoursQueryVariables>;
export const PartnerQueueDocument = new TypedDocumentString(`
    query PartnerQueue($partnerGroupId: ID!, $after: String) {
  referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ReferralCard
      }
    }
  }
}
    fragment ReferralCard on Referral {
  id
  reason
  urgency
  status
  details
  outcome
  createdAt
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  resident {
    id
    displayName
  }
  referringGroup {
    id
    name
  }
  referrer {
    id
    displayName
  }
  timeline {
    fromStatus
    toStatus
    note
    at
    actor {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<PartnerQueueQuery, PartnerQueueQueryVariables>;
export const UpdateReferralStatusDocument = new TypedDocumentString(`
    mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {
  updateReferralStatus(referralId: $referralId, status: $status, note: $note) {
    ...ReferralCard
  }
}
    fragment ReferralCard on Referral {
  id
  reason
  urgency
  status
  details
  outcome
  createdAt
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  resident {
    id
    displayName
  }
  referringGroup {
    id
    name
  }
  referrer {
    id
    displayName
  }
  timeline {
    fromStatus
    toStatus
    note
    at
    actor {
      id
      displayName
    }
  }
}`) as unknown as TypedDocumentString<UpdateReferralStatusMutation, UpdateReferralStatusMutationVariables>;
export const UpcomingShiftsDocument = new TypedDocumentString(`
    query UpcomingShifts($first: Int, $after: String) {
  upcomingShifts(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ShiftCard
      }
    }
  }
}
    fragment ShiftCard on Shift {
  id
  title
  description
  startsAt
  endsAt
  location
  places
  confirmedCount
  waitlistCount
  requiredSkills
  requiredVetting
  membersOnly
  waitlist
  status
  group {
    id
    name
  }
  mySignup {
    id
    status
  }
}`) as unknown as TypedDocumentString<UpcomingShiftsQuery, UpcomingShiftsQueryVariables>;
export const MyShiftsDocument = new TypedDocumentString(`
    query MyShifts($after: String) {
  me {
    id
    calendarFeedUrl
  }
  upcomingShifts(first: 50, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ShiftCard
      }
    }
  }
}
    fragment ShiftCard on Shift {
  id
  title
  description
  startsAt
  endsAt
  location
  places
  confirmedCount
  waitlistCount
  requiredSkills
  requiredVetting
  membersOnly
  waitlist
  status
  group {
    id
    name
  }
  mySignup {
    id
    status
  }
}`) as unknown as TypedDocumentString<MyShiftsQuery, MyShiftsQueryVariables>;
export const SignUpForShiftDocument = new TypedDocumentString(`
    mutation SignUpForShift($shiftId: ID!) {
  signUpForShift(shiftId: $shiftId) {
    id
    status
    shift {
      ...ShiftCard
    }
  }
}
    fragment ShiftCard on Shift {
  id
  title
  description
  startsAt
  endsAt
  location
  places
  confirmedCount
  waitlistCount
  requiredSkills
  requiredVetting
  membersOnly
  waitlist
  status
  group {
    id
    name
  }
  mySignup {
    id
    status
  }
}`) as unknown as TypedDocumentString<SignUpForShiftMutation, SignUpForShiftMutationVariables>;
export const CancelShiftSignupDocument = new TypedDocumentString(`
    mutation CancelShiftSignup($signupId: ID!) {
  cancelShiftSignup(signupId: $signupId) {
    id
    status
    shift {
      ...ShiftCard
    }
  }
}
    fragment ShiftCard on Shift {
  id
  title
  description
  startsAt
  endsAt
  location
  places
  confirmedCount
  waitlistCount
  requiredSkills
  requiredVetting
  membersOnly
  waitlist
  status
  group {
    id
    name
  }
  mySignup {
    id
    status
  }
}`) as unknown as TypedDocumentString<CancelShiftSignupMutation, CancelShiftSignupMutationVariables>;
export const RotateCalendarFeedDocument = new TypedDocumentString(`
    mutation RotateCalendarFeed {
  rotateCalendarFeedToken
}
    `) as unknown as TypedDocumentString<RotateCalendarFeedMutation, RotateCalendarFeedMutationVariables>;
export const MyVolunteeringDocument = new TypedDocumentString(`
    query MyVolunteering {
  me {
    id
    volunteerProfile {
      ...VolunteerProfileFields
    }
  }
}
    fragment VolunteerProfileFields on VolunteerProfile {
  skills
  languages
  travelRadiusKm
  availability {
    day
    startTime
    endTime
  }
}`) as unknown as TypedDocumentString<MyVolunteeringQuery, MyVolunteeringQueryVariables>;
export const UpdateVolunteerProfileDocument = new TypedDocumentString(`
    mutation UpdateVolunteerProfile($input: VolunteerProfileInput!) {
  updateVolunteerProfile(input: $input) {
    ...VolunteerProfileFields
  }
}
    fragment VolunteerProfileFields on VolunteerProfile {
  skills
  languages
  travelRadiusKm
  availability {
    day
    startTime
    endTime
  }
}`) as unknown as TypedDocumentString<UpdateVolunteerProfileMutation, UpdateVolunteerProfileMutationVariables>;