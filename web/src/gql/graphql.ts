/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where an activity stands. */
export type ActivityStatus =
  /** Called off; calendars show it as cancelled. */
  | 'CANCELLED'
  /** Being prepared; only the group's coordinators see it. */
  | 'DRAFT'
  /** Listed for everyone and open for booking. */
  | 'PUBLISHED';

/** A weekly window when a volunteer is usually free, in UK local time. */
export type AvailabilityWindowInput = {
  /** The day. */
  day: DayOfWeek;
  /** End time, `HH:MM`. */
  endTime: string;
  /** Start time, `HH:MM`. */
  startTime: string;
};

/** Where a booking stands. */
export type BookingStatus =
  /** The place is held. */
  | 'BOOKED'
  /**
   * The booking was cancelled (by the person, a coordinator, or because
   * the activity was called off).
   */
  | 'CANCELLED';

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

/** Where a plan stands. */
export type CheckInPlanStatus =
  /** Check-ins are being scheduled. */
  | 'ACTIVE'
  /** Ended: no more check-ins. */
  | 'ENDED'
  /** Paused until a date, or until resumed. */
  | 'PAUSED';

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

/** How a person prefers to be contacted. */
export type ContactChannel =
  /** By email. */
  | 'EMAIL'
  /** Face to face. */
  | 'IN_PERSON'
  /** By a phone call. */
  | 'PHONE'
  /** By letter. */
  | 'POST'
  /** By text message. */
  | 'TEXT';

/**
 * How much control the resident has over their daily life (the Adult
 * Social Care Survey question behind ASCOF 1B).
 */
export type ControlOverDailyLife =
  /** I have adequate control over my daily life */
  | 'ADEQUATE'
  /** I have as much control over my daily life as I want */
  | 'AS_MUCH_AS_I_WANT'
  /** I have no control over my daily life */
  | 'NO_CONTROL'
  /** I have some control over my daily life, but not enough */
  | 'SOME_BUT_NOT_ENOUGH';

/** A new activity (it starts as a draft). */
export type CreateActivityInput = {
  /** Access, hearing loops, seating and other accessibility details. */
  accessibility?: string | null | undefined;
  /** Places per date (1 to 10000); leave out for no limit. */
  capacity?: number | null | undefined;
  /** A category, for example "lunch club" (2 to 40 characters). */
  category: string;
  /** Where, on the map. */
  coordinates?: GeoPointInput | null | undefined;
  /** What it costs each time, in pence (default 0, free). */
  costPence?: number;
  /** What happens there. */
  description?: string | null | undefined;
  /** When the first date ends (each date lasts at most 7 days). */
  endsAt: string;
  /** Start times of dates to skip (each must be one the rule gives). */
  exdates?: Array<string>;
  /** The group running it. */
  groupId: string | number;
  /** Where, in words. */
  location?: string | null | undefined;
  /** Oldest age it is for. */
  maxAge?: number | null | undefined;
  /** Youngest age it is for. */
  minAge?: number | null | undefined;
  /**
   * How it repeats: an RFC 5545 RRULE such as `FREQ=WEEKLY;BYDAY=TU`,
   * applied in Europe/London local time. Leave out for a one-off. A rule
   * that cannot be used is `INVALID_RECURRENCE` with the reason.
   */
  recurrence?: string | null | undefined;
  /** When the first date starts. */
  startsAt: string;
  /** What it is called (2 to 120 characters). */
  title: string;
};

/** A new check-in plan. */
export type CreateCheckInPlanInput = {
  /** Told first when a check-in is missed. */
  backupVolunteerId?: string | number | null | undefined;
  /** Phone, visit (needs vetted volunteers) or video. */
  channel: CheckInChannel;
  /** The first check-in: in the future, on a day the rule includes. */
  firstDueAt: string;
  /**
   * Minutes after the due time before it counts as missed (0 to 1440,
   * default 60).
   */
  graceMinutes?: number;
  /** The group responsible (you must coordinate it). */
  groupId: string | number;
  /**
   * How often: an RFC 5545 RRULE in UK local time, e.g.
   * "FREQ=WEEKLY;BYDAY=MO,TH". At most daily.
   */
  recurrence: string;
  /** The resident (an active member of the group). */
  residentId: string | number;
  /** How much is at stake (default MEDIUM). */
  riskLevel?: RiskLevel;
  /** Who makes the check-ins (an active member of the group). */
  volunteerId: string | number;
};

/** A new group. */
export type CreateGroupInput = {
  /** The neighbourhood, ward or town it serves. */
  area?: string | null | undefined;
  /** Public contact email. */
  contactEmail?: string | null | undefined;
  /** What the group does. */
  description?: string | null | undefined;
  /** How people join. */
  joinPolicy: JoinPolicy;
  /** What sort of organisation it is. Statutory kinds are for admins. */
  kind: GroupKind;
  /** The group's name (2 to 120 characters). */
  name: string;
};

/** A new referral. */
export type CreateReferralInput = {
  /** The check-in whose concern led to it (its volunteer may refer). */
  checkInId?: string | number | null | undefined;
  /**
   * The resident's current consent for this kind of partner: a consent
   * with purpose "share with <kind>", for example "share with nhs" or
   * "share with council adult social care".
   */
  consentId?: string | number | null | undefined;
  /** What the partner needs to know (10 to 8,000 characters). */
  details: string;
  /** Keep it as a draft instead of sending it now. */
  draft?: boolean;
  /** Or a lawful basis for sharing without consent ... */
  lawfulBasis?: LawfulBasis | null | undefined;
  /** ... with the reasoning (at least 20 characters). */
  lawfulBasisReasoning?: string | null | undefined;
  /**
   * The statutory partner (a group of kind COUNCIL_ADULT_SOCIAL_CARE,
   * NHS, HOUSING, FIRE_AND_RESCUE or OTHER_STATUTORY).
   */
  partnerGroupId: string | number;
  /** Why. */
  reason: ReferralReason;
  /** The group making it (default: the check-in's group). */
  referringGroupId?: string | number | null | undefined;
  /** Whom it is about. */
  residentId: string | number;
  /** How soon (default ROUTINE). */
  urgency?: ReferralUrgency;
};

/** A resident created by a coordinator, who then acts for them. */
export type CreateResidentInput = {
  /** Their name. */
  displayName: string;
  /** Their email address, if they have one (not needed). */
  email?: string | null | undefined;
  /** The group whose coordinators will look after them. */
  groupId: string | number;
  /** Their profile. */
  profile?: ResidentProfileFields;
};

/** A new shift. */
export type CreateShiftInput = {
  /** The activity it serves, if any. */
  activityId?: string | number | null | undefined;
  /** Where, on the map. */
  coordinates?: GeoPointInput | null | undefined;
  /** More about what volunteers will do. */
  description?: string | null | undefined;
  /** When it ends (at most 24 hours later). */
  endsAt: string;
  /** The group running it. */
  groupId: string | number;
  /** Where, in words. */
  location?: string | null | undefined;
  /** Only group members can sign up (default false). */
  membersOnly?: boolean;
  /** How many volunteers it needs (1 to 1000). */
  places: number;
  /** Skills volunteers need. */
  requiredSkills?: Array<string>;
  /** DBS check volunteers need (default none). */
  requiredVetting?: DbsLevel | null | undefined;
  /** When it starts (in the future). */
  startsAt: string;
  /** What the shift is (2 to 120 characters). */
  title: string;
  /** Keep a waiting list once full (default true). */
  waitlist?: boolean;
};

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

/** How safe the resident feels (ASCOF 4A). */
export type FeelingSafe =
  /** Generally I feel adequately safe, but not as safe as I would like */
  | 'ADEQUATELY_SAFE'
  /** I feel as safe as I want */
  | 'AS_SAFE_AS_I_WANT'
  /** I feel less than adequately safe */
  | 'LESS_THAN_ADEQUATELY_SAFE'
  /** I don't feel at all safe */
  | 'NOT_AT_ALL_SAFE';

/**
 * How easy it has been, in the past year, to find information and advice
 * about support, services or benefits (ASCOF 3D).
 */
export type FindingInformation =
  /** Fairly difficult to find */
  | 'FAIRLY_DIFFICULT'
  /** Fairly easy to find */
  | 'FAIRLY_EASY'
  /** I have never tried to find information or advice */
  | 'NEVER_TRIED'
  /** Very difficult to find */
  | 'VERY_DIFFICULT'
  /** Very easy to find */
  | 'VERY_EASY';

/** Search around a point. */
export type GeoFilter = {
  /** Degrees north. */
  latitude: number;
  /** Degrees east. */
  longitude: number;
  /** How far from the point, in kilometres (at most 200). */
  radiusKm: number;
};

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

/** What kind of help is asked for. */
export type HelpCategory =
  /** A friendly visit or call. */
  | 'BEFRIENDING'
  /** Help with a phone, tablet, computer or getting online. */
  | 'DIGITAL_HELP'
  /** Help filling in forms. */
  | 'FORM_FILLING'
  /** Small jobs around the home or garden. */
  | 'ODD_JOBS'
  /** Anything else. */
  | 'OTHER'
  /** Collecting a prescription from the pharmacy. */
  | 'PRESCRIPTION_COLLECTION'
  /** Picking up groceries or other shopping. */
  | 'SHOPPING'
  /** A lift or someone to go along to an appointment. */
  | 'TRANSPORT';

/** Where a help request stands. */
export type HelpRequestStatus =
  /** A coordinator has assigned a volunteer. */
  | 'ASSIGNED'
  /** Called off by the resident, someone acting for them or a coordinator. */
  | 'CANCELLED'
  /** Done, with the minutes given. */
  | 'COMPLETED'
  /** Nobody was assigned before the last preferred time ended. */
  | 'EXPIRED'
  /** Waiting for a volunteer; listed for volunteers. */
  | 'OPEN';

/** How soon help is needed. */
export type HelpUrgency =
  /** Whenever suits, within the preferred times. */
  | 'ROUTINE'
  /** In the next few days. */
  | 'SOON'
  /** As soon as possible; listed first. */
  | 'URGENT';

/** How people join a group. */
export type JoinPolicy =
  /** A coordinator approves each request to join. */
  | 'APPROVAL'
  /** Only people a coordinator invites can join. */
  | 'INVITATION'
  /** Anyone signed in can join straight away. */
  | 'OPEN';

/** A lawful basis for sharing without the resident's consent. */
export type LawfulBasis =
  /** A legal obligation. */
  | 'LEGAL_OBLIGATION'
  /** A task in the public interest. */
  | 'PUBLIC_TASK'
  /** The council's duty to make safeguarding enquiries (Care Act 2014 s42). */
  | 'SAFEGUARDING_DUTY'
  /** To protect someone's life (UK GDPR article 6(1)(d)). */
  | 'VITAL_INTERESTS';

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

/** A resident's answers to the outcome survey. */
export type OutcomeSurveyInput = {
  /**
   * "Which of the following statements best describes how much control
   * you have over your daily life?"
   */
  controlOverDailyLife: ControlOverDailyLife;
  /** "Which of the following statements best describes how safe you feel?" */
  feelingSafe: FeelingSafe;
  /**
   * "In the past year, have you generally found it easy or difficult to
   * find information and advice about support, services or benefits?"
   */
  findingInformation: FindingInformation;
  /**
   * "Thinking about the good and bad things that make up your quality of
   * life, how would you rate the quality of your life as a whole?"
   */
  qualityOfLife: QualityOfLife;
  /**
   * The resident (default: me). Someone who acts for the resident may
   * answer with them.
   */
  residentId?: string | number | null | undefined;
  /**
   * "Thinking about how much contact you've had with people you like,
   * which of the following statements best describes your social
   * situation?"
   */
  socialContact: SocialContact;
};

/**
 * Search around a UK postcode: the postcode's district centroid, as
 * given by the groups there.
 */
export type PostcodeFilter = {
  /**
   * A full postcode (SE15 5DQ) or a district (SE15); only the district
   * is used.
   */
  postcode: string;
  /** How far from the district's centre, in kilometres (at most 200). */
  radiusKm: number;
};

/** The resident's quality of life as a whole (ASCOF 1A). */
export type QualityOfLife =
  /** Alright */
  | 'ALRIGHT'
  /** Bad */
  | 'BAD'
  /** So good, it could not be better */
  | 'COULD_NOT_BE_BETTER'
  /** So bad, it could not be worse */
  | 'COULD_NOT_BE_WORSE'
  /** Good */
  | 'GOOD'
  /** Very bad */
  | 'VERY_BAD'
  /** Very good */
  | 'VERY_GOOD';

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

/** A consent given or withdrawn. */
export type RecordConsentInput = {
  /** True to give, false to withdraw. */
  given: boolean;
  /** Any note, for example how the resident said so. */
  note?: string | null | undefined;
  /**
   * What it is for, for example "contact by volunteers" or "share with
   * council adult social care".
   */
  purpose: string;
  /** The resident (default: me). */
  residentId?: string | number | null | undefined;
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

/** A new help request. */
export type RequestHelpInput = {
  /** What kind of help. */
  category: HelpCategory;
  /**
   * A short summary any volunteer may read (3 to 500 characters); keep
   * private details for `notes`.
   */
  description: string;
  /**
   * The group that will handle it: the resident must be an active member,
   * or you must coordinate it.
   */
  groupId: string | number;
  /**
   * Whether helping means going into the home. Default: yes, except for
   * shopping, prescription collection and transport.
   */
  homeVisit?: boolean | null | undefined;
  /**
   * Private notes for the assigned volunteer and coordinators (up to 2000
   * characters).
   */
  notes?: string | null | undefined;
  /** 1 to 10 windows, each at most 12 hours long and ending in the future. */
  preferredTimes: Array<TimeWindowInput>;
  /** Skills whoever helps should have, for example "driving" (at most 30). */
  requiredSkills?: Array<string>;
  /**
   * The resident who needs help (default: me). Coordinators and others who
   * manage a resident may raise a request for them.
   */
  residentId?: string | number | null | undefined;
  /** How soon (default ROUTINE). */
  urgency?: HelpUrgency;
};

/** Profile fields. Leave a field out to keep it as it is. */
export type ResidentProfileFields = {
  /** Accessibility needs when contacting them. */
  accessibilityNeeds?: string | null | undefined;
  /** Home address (shown only to those who need it; reads are logged). */
  address?: string | null | undefined;
  /** Neighbourhood or ward name. */
  area?: string | null | undefined;
  /** Whether the budget is a direct payment. */
  budgetIsDirectPayment?: boolean | null | undefined;
  /** Personal budget in pence. */
  budgetPence?: number | null | undefined;
  /** Remove the personal budget. */
  clearBudget?: boolean;
  /** How they prefer to be contacted. */
  contactChannel?: ContactChannel | null | undefined;
  /** Do not contact them at all. */
  doNotContact?: boolean | null | undefined;
  /** Preferred language, for example "en" or "cy". */
  language?: string | null | undefined;
  /** Where they live, on the map. */
  location?: GeoPointInput | null | undefined;
  /** What help they need. */
  needs?: string | null | undefined;
  /** Phone number. */
  phone?: string | null | undefined;
  /** Their own informed choices about risk. */
  riskEnablement?: string | null | undefined;
  /** What matters to them. */
  whatMatters?: string | null | undefined;
};

/** How much is at stake if a check-in is missed. */
export type RiskLevel =
  /** High: listed first on the dashboard. */
  | 'HIGH'
  /** Low. */
  | 'LOW'
  /** Medium (the default). */
  | 'MEDIUM';

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

/**
 * How much social contact the resident has with people they like (ASCOF
 * 1I).
 */
export type SocialContact =
  /** I have adequate social contact with people */
  | 'ADEQUATE'
  /** I have as much social contact as I want with people I like */
  | 'AS_MUCH_AS_I_WANT'
  /** I have little social contact with people and feel socially isolated */
  | 'ISOLATED'
  /** I have some social contact with people, but not enough */
  | 'SOME_BUT_NOT_ENOUGH';

/** A time when the resident would like the help. */
export type TimeWindowInput = {
  /** Until (after `startsAt`, at most 12 hours later). */
  endsAt: string;
  /** From. */
  startsAt: string;
};

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

/** Changes to my own profile. Leave a field out to keep it as it is. */
export type UpdateProfileInput = {
  /** Accessibility needs to keep in mind when contacting me. */
  accessibilityNeeds?: string | null | undefined;
  /** Preferred way to be contacted. */
  contactChannel?: ContactChannel | null | undefined;
  /** The name others will see. */
  displayName?: string | null | undefined;
  /** Ask not to be contacted. */
  doNotContact?: boolean | null | undefined;
  /** Preferred language tag, such as `en` or `cy`. */
  language?: string | null | undefined;
};

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


export type ViewerQuery = { me: { id: string, displayName: string, email: string | null, isAdmin: boolean | null, residentProfile: { area: string } | null, memberships: Array<{ id: string, role: MemberRole, status: MembershipStatus, group: { id: string, name: string, kind: GroupKind } }> } | null };

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

export type ActivityPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ActivityPageQuery = { activity: { id: string, title: string, description: string, category: string, location: string, accessibility: string, costPence: number, minAge: number | null, maxAge: number | null, capacity: number | null, status: ActivityStatus, cancelReason: string | null, recurrence: string | null, allDay: boolean, group: { id: string, name: string }, occurrences: Array<{ startsAt: string, endsAt: string, bookedCount: number, placesLeft: number | null }> } | null };

export type ActivityPageBookingsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ActivityPageBookingsQuery = { myBookings: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: BookingStatus, occurrenceStartsAt: string, occurrenceEndsAt: string, activity: { id: string } } }> } };

export type ActivityPageBookMutationVariables = Exact<{
  activityId: string | number;
  occurrenceStartsAt: string;
}>;


export type ActivityPageBookMutation = { bookActivity: { id: string, status: BookingStatus, occurrenceStartsAt: string, occurrenceEndsAt: string } };

export type ActivityPageCancelBookingMutationVariables = Exact<{
  bookingId: string | number;
}>;


export type ActivityPageCancelBookingMutation = { cancelBooking: { id: string, status: BookingStatus, occurrenceStartsAt: string } };

export type RequestHelpMutationVariables = Exact<{
  input: RequestHelpInput;
}>;


export type RequestHelpMutation = { requestHelp: { id: string, status: HelpRequestStatus } };

export type CheckInCardFragment = { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null };

export type MyCheckInsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type MyCheckInsQuery = { me: { id: string } | null, myCheckIns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null } }> } };

export type RecordCheckInMutationVariables = Exact<{
  input: RecordCheckInInput;
}>;


export type RecordCheckInMutation = { recordCheckIn: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, suggestedNextSteps: Array<string>, minutes: number | null, notes: string, channel: CheckInChannel, recordedAt: string | null, escalationStep: number, resolvedAt: string | null, resident: { id: string, displayName: string } | null, volunteer: { id: string } | null, group: { id: string, name: string } | null } };

export type DashboardCheckInFragment = { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, notes: string, channel: CheckInChannel, missedAt: string | null, escalationStep: number, nextEscalationAt: string | null, resolvedAt: string | null, resolutionNote: string | null, plan: { id: string, riskLevel: RiskLevel } | null, resident: { id: string, displayName: string } | null, volunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null, events: Array<{ kind: string, step: number, audience: string, recipientName: string, channel: string, detail: string, at: string }> };

export type OverdueCheckInsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type OverdueCheckInsQuery = { overdueCheckIns: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, notes: string, channel: CheckInChannel, missedAt: string | null, escalationStep: number, nextEscalationAt: string | null, resolvedAt: string | null, resolutionNote: string | null, plan: { id: string, riskLevel: RiskLevel } | null, resident: { id: string, displayName: string } | null, volunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null, events: Array<{ kind: string, step: number, audience: string, recipientName: string, channel: string, detail: string, at: string }> } }> } };

export type CheckInEscalatedSubscriptionVariables = Exact<{
  groupId: string | number;
}>;


export type CheckInEscalatedSubscription = { checkInEscalated: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, notes: string, channel: CheckInChannel, missedAt: string | null, escalationStep: number, nextEscalationAt: string | null, resolvedAt: string | null, resolutionNote: string | null, plan: { id: string, riskLevel: RiskLevel } | null, resident: { id: string, displayName: string } | null, volunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null, events: Array<{ kind: string, step: number, audience: string, recipientName: string, channel: string, detail: string, at: string }> } };

export type ResolveEscalationMutationVariables = Exact<{
  checkInId: string | number;
  note: string;
}>;


export type ResolveEscalationMutation = { resolveCheckInEscalation: { id: string, dueAt: string, overdueAt: string, status: CheckInStatus, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, notes: string, channel: CheckInChannel, missedAt: string | null, escalationStep: number, nextEscalationAt: string | null, resolvedAt: string | null, resolutionNote: string | null, plan: { id: string, riskLevel: RiskLevel } | null, resident: { id: string, displayName: string } | null, volunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null, events: Array<{ kind: string, step: number, audience: string, recipientName: string, channel: string, detail: string, at: string }> } };

export type DirectoryServicesQueryVariables = Exact<{
  search?: string | null | undefined;
  category?: string | null | undefined;
  near?: GeoFilter | null | undefined;
  nearPostcode?: PostcodeFilter | null | undefined;
  day?: DayOfWeek | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type DirectoryServicesQuery = { services: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { distanceKm: number | null, group: { id: string, name: string }, nextDates: Array<{ startsAt: string, endsAt: string }>, activity: { id: string, title: string, category: string, location: string, costPence: number, recurrence: string | null } } }> } };

export type DirectoryMyBookingsQueryVariables = Exact<{ [key: string]: never; }>;


export type DirectoryMyBookingsQuery = { myBookings: { totalCount: number, edges: Array<{ node: { id: string, occurrenceStartsAt: string, occurrenceEndsAt: string, activity: { id: string, title: string } } }> } };

export type GroupPageQueryVariables = Exact<{
  id: string | number;
  shiftsFrom?: string | null | undefined;
}>;


export type GroupPageQuery = { group: { id: string, name: string, kind: GroupKind, area: string, joinPolicy: JoinPolicy, memberCount: number, myMembership: { id: string, role: MemberRole, status: MembershipStatus } | null, members: { totalCount: number, edges: Array<{ node: { id: string, createdAt: string, person: { id: string, displayName: string } } }> } } | null, groupActivities: { totalCount: number, edges: Array<{ node: { id: string, title: string, status: ActivityStatus, recurrence: string | null, startsAt: string, endsAt: string } }> }, upcomingShifts: { totalCount: number, edges: Array<{ node: { id: string, title: string, startsAt: string, endsAt: string, places: number, confirmedCount: number, waitlistCount: number, status: ShiftStatus } }> } };

export type DecideMembershipMutationVariables = Exact<{
  membershipId: string | number;
  approve: boolean;
}>;


export type DecideMembershipMutation = { decideMembership: { id: string, status: MembershipStatus } };

export type PublishDraftMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishDraftMutation = { publishActivity: { id: string, status: ActivityStatus } };

export type ImportGroupCalendarMutationVariables = Exact<{
  groupId: string | number;
  ics: string;
}>;


export type ImportGroupCalendarMutation = { importGroupCalendar: { created: Array<{ id: string, title: string }>, updated: Array<{ id: string, title: string }>, unchanged: Array<{ id: string }>, skipped: Array<{ summary: string | null, line: number, reason: string }> } };

export type CreateGroupMutationVariables = Exact<{
  input: CreateGroupInput;
}>;


export type CreateGroupMutation = { createGroup: { id: string, name: string } };

export type HelpNearbyProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type HelpNearbyProfileQuery = { me: { id: string, volunteerProfile: { travelRadiusKm: number | null, location: { latitude: number, longitude: number } | null } | null } | null };

export type HelpNearbyRequestsQueryVariables = Exact<{
  near?: GeoFilter | null | undefined;
  category?: string | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HelpNearbyRequestsQuery = { openHelpRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: HelpRequestStatus, category: HelpCategory, urgency: HelpUrgency, description: string, homeVisit: boolean, requiredSkills: Array<string>, residentFirstName: string, area: string, roughDistanceKm: number | null, preferredTimes: Array<{ startsAt: string, endsAt: string }>, group: { id: string, name: string } } }> } };

export type HelpNearbyOfferMutationVariables = Exact<{
  helpRequestId: string | number;
}>;


export type HelpNearbyOfferMutation = { offerHelp: { id: string, status: HelpRequestStatus } };

export type MyHoursQueryVariables = Exact<{ [key: string]: never; }>;


export type MyHoursQuery = { me: { id: string, displayName: string, timeAccount: { id: string, balanceMinutes: number, givenMinutes: number, receivedMinutes: number, lowerLimitMinutes: number, transfers: { totalCount: number, edges: Array<{ node: { id: string, kind: TransferKind, minutes: number, change: number | null, reason: string, payerName: string, payeeName: string, createdAt: string } }> } } | null } | null };

export type MyCheckInPlanFragment = { id: string, status: CheckInPlanStatus, recurrence: string, firstDueAt: string, channel: CheckInChannel, pausedUntil: string | null, endedAt: string | null, volunteer: { id: string, displayName: string } | null, backupVolunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null };

export type MyCheckInScheduleQueryVariables = Exact<{ [key: string]: never; }>;


export type MyCheckInScheduleQuery = { me: { id: string } | null, checkInPlans: Array<{ id: string, status: CheckInPlanStatus, recurrence: string, firstDueAt: string, channel: CheckInChannel, pausedUntil: string | null, endedAt: string | null, volunteer: { id: string, displayName: string } | null, backupVolunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null }>, myCheckIns: { edges: Array<{ node: { id: string, dueAt: string, status: CheckInStatus, channel: CheckInChannel, resident: { id: string } | null, volunteer: { id: string, displayName: string } | null } }> } };

export type PauseCheckInPlanMutationVariables = Exact<{
  planId: string | number;
  until?: string | null | undefined;
}>;


export type PauseCheckInPlanMutation = { pauseCheckInPlan: { id: string, status: CheckInPlanStatus, recurrence: string, firstDueAt: string, channel: CheckInChannel, pausedUntil: string | null, endedAt: string | null, volunteer: { id: string, displayName: string } | null, backupVolunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null } };

export type ResumeCheckInPlanMutationVariables = Exact<{
  planId: string | number;
}>;


export type ResumeCheckInPlanMutation = { resumeCheckInPlan: { id: string, status: CheckInPlanStatus, recurrence: string, firstDueAt: string, channel: CheckInChannel, pausedUntil: string | null, endedAt: string | null, volunteer: { id: string, displayName: string } | null, backupVolunteer: { id: string, displayName: string } | null, group: { id: string, name: string } | null } };

export type MyHelpRequestFragment = { id: string, status: HelpRequestStatus, category: HelpCategory, urgency: HelpUrgency, description: string, createdAt: string, minutes: number | null, cancelReason: string | null, preferredTimes: Array<{ startsAt: string, endsAt: string }>, group: { id: string, name: string }, assignedVolunteer: { id: string, displayName: string } | null };

export type MyHelpRequestsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type MyHelpRequestsQuery = { myHelpRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: HelpRequestStatus, category: HelpCategory, urgency: HelpUrgency, description: string, createdAt: string, minutes: number | null, cancelReason: string | null, preferredTimes: Array<{ startsAt: string, endsAt: string }>, group: { id: string, name: string }, assignedVolunteer: { id: string, displayName: string } | null } }> } };

export type CancelHelpRequestMutationVariables = Exact<{
  helpRequestId: string | number;
  reason: string;
}>;


export type CancelHelpRequestMutation = { cancelHelpRequest: { id: string, status: HelpRequestStatus, category: HelpCategory, urgency: HelpUrgency, description: string, createdAt: string, minutes: number | null, cancelReason: string | null, preferredTimes: Array<{ startsAt: string, endsAt: string }>, group: { id: string, name: string }, assignedVolunteer: { id: string, displayName: string } | null } };

export type MyOutcomeSurveyFragment = { id: string, period: string, onBehalf: boolean, controlOverDailyLife: ControlOverDailyLife, socialContact: SocialContact, feelingSafe: FeelingSafe, findingInformation: FindingInformation, qualityOfLife: QualityOfLife, submittedAt: string };

export type OutcomeSurveyPageQueryVariables = Exact<{ [key: string]: never; }>;


export type OutcomeSurveyPageQuery = { me: { id: string, residentProfile: { area: string } | null } | null, latestOutcomeSurvey: { id: string, period: string, onBehalf: boolean, controlOverDailyLife: ControlOverDailyLife, socialContact: SocialContact, feelingSafe: FeelingSafe, findingInformation: FindingInformation, qualityOfLife: QualityOfLife, submittedAt: string } | null };

export type SubmitOutcomeSurveyMutationVariables = Exact<{
  input: OutcomeSurveyInput;
}>;


export type SubmitOutcomeSurveyMutation = { submitOutcomeSurvey: { id: string, period: string, onBehalf: boolean, controlOverDailyLife: ControlOverDailyLife, socialContact: SocialContact, feelingSafe: FeelingSafe, findingInformation: FindingInformation, qualityOfLife: QualityOfLife, submittedAt: string } };

export type PostedActivityFragment = { id: string, title: string, status: ActivityStatus, recurrence: string | null, startsAt: string, endsAt: string, location: string, group: { id: string, name: string }, occurrences: Array<{ startsAt: string, endsAt: string }> };

export type CreateActivityMutationVariables = Exact<{
  input: CreateActivityInput;
}>;


export type CreateActivityMutation = { createActivity: { id: string, title: string, status: ActivityStatus, recurrence: string | null, startsAt: string, endsAt: string, location: string, group: { id: string, name: string }, occurrences: Array<{ startsAt: string, endsAt: string }> } };

export type PublishActivityMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishActivityMutation = { publishActivity: { id: string, title: string, status: ActivityStatus, recurrence: string | null, startsAt: string, endsAt: string, location: string, group: { id: string, name: string }, occurrences: Array<{ startsAt: string, endsAt: string }> } };

export type ActivityForShiftsQueryVariables = Exact<{
  id: string | number;
}>;


export type ActivityForShiftsQuery = { activity: { id: string, title: string, status: ActivityStatus, recurrence: string | null, startsAt: string, endsAt: string, location: string, group: { id: string, name: string }, occurrences: Array<{ startsAt: string, endsAt: string }> } | null };

export type GroupNameQueryVariables = Exact<{
  id: string | number;
}>;


export type GroupNameQuery = { group: { id: string, name: string } | null };

export type CreateShiftMutationVariables = Exact<{
  input: CreateShiftInput;
}>;


export type CreateShiftMutation = { createShift: { id: string, title: string, startsAt: string, endsAt: string, places: number } };

export type MyPrivacyQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPrivacyQuery = { me: { id: string, displayName: string, contactChannel: ContactChannel | null, language: string | null, accessibilityNeeds: string | null, doNotContact: boolean | null, residentProfile: { area: string } | null, consents: Array<{ id: string, purpose: string, given: boolean, recordedAt: string }> | null, consentHistory: Array<{ id: string, purpose: string, given: boolean, recordedAt: string, recordedBy: { id: string, displayName: string } | null }> | null } | null };

export type RecordMyConsentMutationVariables = Exact<{
  input: RecordConsentInput;
}>;


export type RecordMyConsentMutation = { recordConsent: { id: string, purpose: string, given: boolean } };

export type UpdateMyContactMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateMyContactMutation = { updateMyProfile: { id: string, contactChannel: ContactChannel | null, language: string | null, accessibilityNeeds: string | null, doNotContact: boolean | null } };

export type ExportMyDataMutationVariables = Exact<{ [key: string]: never; }>;


export type ExportMyDataMutation = { exportMyData: string };

export type ReferralTimelineFragment = { id: string, status: ReferralStatus, reason: ReferralReason, urgency: ReferralUrgency, details: string, outcome: string | null, consentId: string | null, lawfulBasis: LawfulBasis | null, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, checkInId: string | null, resident: { id: string, displayName: string } | null, partner: { id: string, name: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> };

export type ReferralTimelineQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralTimelineQuery = { referral: { id: string, status: ReferralStatus, reason: ReferralReason, urgency: ReferralUrgency, details: string, outcome: string | null, consentId: string | null, lawfulBasis: LawfulBasis | null, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, checkInId: string | null, resident: { id: string, displayName: string } | null, partner: { id: string, name: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> } };

export type ReferralUpdatedSubscriptionVariables = Exact<{
  referralId: string | number;
}>;


export type ReferralUpdatedSubscription = { referralUpdated: { id: string, status: ReferralStatus, reason: ReferralReason, urgency: ReferralUrgency, details: string, outcome: string | null, consentId: string | null, lawfulBasis: LawfulBasis | null, sentAt: string | null, acknowledgeBy: string | null, acknowledgedAt: string | null, acknowledgementOverdue: boolean, checkInId: string | null, resident: { id: string, displayName: string } | null, partner: { id: string, name: string } | null, referringGroup: { id: string, name: string } | null, referrer: { id: string, displayName: string } | null, timeline: Array<{ fromStatus: ReferralStatus | null, toStatus: ReferralStatus, note: string, at: string, actor: { id: string, displayName: string } | null }> } };

export type NewReferralQueryVariables = Exact<{
  subjectId: string | number;
}>;


export type NewReferralQuery = { node:
    | { id: string, dueAt: string, outcome: CheckInOutcome | null, concerns: Array<ConcernFlag>, notes: string, group: { id: string, name: string } | null, volunteer: { id: string, displayName: string } | null, resident: { id: string, displayName: string, consents: Array<{ id: string, purpose: string, given: boolean, recordedAt: string }> | null } | null }
    | { id: string, displayName: string, consents: Array<{ id: string, purpose: string, given: boolean, recordedAt: string }> | null }
    | Record<PropertyKey, never>
   | null, groups: { edges: Array<{ node: { id: string, name: string, kind: GroupKind, acceptedReferralReasons: Array<ReferralReason> } }> } };

export type CreateReferralMutationVariables = Exact<{
  input: CreateReferralInput;
}>;


export type CreateReferralMutation = { createReferral: { id: string, partner: { id: string, name: string } | null } };

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

export type ResidentQueryVariables = Exact<{
  id: string | number;
}>;


export type ResidentQuery = { node:
    | { id: string, displayName: string, email: string | null, residentProfile: { area: string, whatMatters: string, needs: string, riskEnablement: string } | null, consents: Array<{ id: string, purpose: string, given: boolean, note: string, recordedAt: string, recordedBy: { id: string, displayName: string } | null }> | null }
    | Record<PropertyKey, never>
   | null, checkInPlans: Array<{ id: string, status: CheckInPlanStatus, recurrence: string, firstDueAt: string, channel: CheckInChannel, group: { id: string, name: string } | null, volunteer: { id: string, displayName: string } | null, backupVolunteer: { id: string, displayName: string } | null }> };

export type PlanMembersQueryVariables = Exact<{
  groupId: string | number;
}>;


export type PlanMembersQuery = { group: { id: string, name: string, members: { edges: Array<{ node: { id: string, role: MemberRole, person: { id: string, displayName: string } } }> } } | null };

export type CreateCheckInPlanMutationVariables = Exact<{
  input: CreateCheckInPlanInput;
}>;


export type CreateCheckInPlanMutation = { createCheckInPlan: { id: string, status: CheckInPlanStatus } };

export type RequestHelpOnBehalfMutationVariables = Exact<{
  input: RequestHelpInput;
}>;


export type RequestHelpOnBehalfMutation = { requestHelp: { id: string, status: HelpRequestStatus, category: HelpCategory } };

export type RecordConsentMutationVariables = Exact<{
  input: RecordConsentInput;
}>;


export type RecordConsentMutation = { recordConsent: { id: string } };

export type GroupResidentsQueryVariables = Exact<{
  groupId: string | number;
  after?: string | null | undefined;
}>;


export type GroupResidentsQuery = { residents: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, displayName: string, email: string | null, residentProfile: { area: string } | null } }> } };

export type CreateResidentMutationVariables = Exact<{
  input: CreateResidentInput;
}>;


export type CreateResidentMutation = { createResident: { id: string, displayName: string } };

export type RosterQueryVariables = Exact<{
  id: string | number;
}>;


export type RosterQuery = { node:
    | { id: string, title: string, startsAt: string, endsAt: string, location: string, places: number, confirmedCount: number, waitlistCount: number, status: ShiftStatus, group: { id: string, name: string }, activity: { id: string, title: string } | null, signups: { totalCount: number, edges: Array<{ node: { id: string, status: SignupStatus, attendedMinutes: number | null, createdAt: string, volunteer: { id: string, displayName: string } } }> } }
    | Record<PropertyKey, never>
   | null };

export type RecordShiftAttendanceMutationVariables = Exact<{
  signupId: string | number;
  minutes: number;
}>;


export type RecordShiftAttendanceMutation = { recordShiftAttendance: { id: string, status: SignupStatus, attendedMinutes: number | null } };

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
export const DashboardCheckInFragmentDoc = new TypedDocumentString(`
    fragment DashboardCheckIn on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  notes
  channel
  missedAt
  escalationStep
  nextEscalationAt
  resolvedAt
  resolutionNote
  plan {
    id
    riskLevel
  }
  resident {
    id
    displayName
  }
  volunteer {
    id
    displayName
  }
  group {
    id
    name
  }
  events {
    kind
    step
    audience
    recipientName
    channel
    detail
    at
  }
}
    `, {"fragmentName":"DashboardCheckIn"}) as unknown as TypedDocumentString<DashboardCheckInFragment, unknown>;
export const MyCheckInPlanFragmentDoc = new TypedDocumentString(`
    fragment MyCheckInPlan on CheckInPlan {
  id
  status
  recurrence
  firstDueAt
  channel
  pausedUntil
  endedAt
  volunteer {
    id
    displayName
  }
  backupVolunteer {
    id
    displayName
  }
  group {
    id
    name
  }
}
    `, {"fragmentName":"MyCheckInPlan"}) as unknown as TypedDocumentString<MyCheckInPlanFragment, unknown>;
export const MyHelpRequestFragmentDoc = new TypedDocumentString(`
    fragment MyHelpRequest on HelpRequest {
  id
  status
  category
  urgency
  description
  createdAt
  preferredTimes {
    startsAt
    endsAt
  }
  group {
    id
    name
  }
  assignedVolunteer {
    id
    displayName
  }
  minutes
  cancelReason
}
    `, {"fragmentName":"MyHelpRequest"}) as unknown as TypedDocumentString<MyHelpRequestFragment, unknown>;
export const MyOutcomeSurveyFragmentDoc = new TypedDocumentString(`
    fragment MyOutcomeSurvey on OutcomeSurvey {
  id
  period
  onBehalf
  controlOverDailyLife
  socialContact
  feelingSafe
  findingInformation
  qualityOfLife
  submittedAt
}
    `, {"fragmentName":"MyOutcomeSurvey"}) as unknown as TypedDocumentString<MyOutcomeSurveyFragment, unknown>;
export const PostedActivityFragmentDoc = new TypedDocumentString(`
    fragment PostedActivity on Activity {
  id
  title
  status
  recurrence
  startsAt
  endsAt
  location
  group {
    id
    name
  }
  occurrences(first: 30) {
    startsAt
    endsAt
  }
}
    `, {"fragmentName":"PostedActivity"}) as unknown as TypedDocumentString<PostedActivityFragment, unknown>;
export const ReferralTimelineFragmentDoc = new TypedDocumentString(`
    fragment ReferralTimeline on Referral {
  id
  status
  reason
  urgency
  details
  outcome
  consentId
  lawfulBasis
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  checkInId
  resident {
    id
    displayName
  }
  partner {
    id
    name
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
    `, {"fragmentName":"ReferralTimeline"}) as unknown as TypedDocumentString<ReferralTimelineFragment, unknown>;
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
    residentProfile {
      area
    }
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
export const ActivityPageDocument = new TypedDocumentString(`
    query ActivityPage($id: ID!) {
  activity(id: $id) {
    id
    title
    description
    category
    location
    accessibility
    costPence
    minAge
    maxAge
    capacity
    status
    cancelReason
    recurrence
    allDay
    group {
      id
      name
    }
    occurrences(first: 8) {
      startsAt
      endsAt
      bookedCount
      placesLeft
    }
  }
}
    `) as unknown as TypedDocumentString<ActivityPageQuery, ActivityPageQueryVariables>;
export const ActivityPageBookingsDocument = new TypedDocumentString(`
    query ActivityPageBookings($after: String) {
  myBookings(first: 100, after: $after) {
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        status
        occurrenceStartsAt
        occurrenceEndsAt
        activity {
          id
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ActivityPageBookingsQuery, ActivityPageBookingsQueryVariables>;
export const ActivityPageBookDocument = new TypedDocumentString(`
    mutation ActivityPageBook($activityId: ID!, $occurrenceStartsAt: DateTime!) {
  bookActivity(activityId: $activityId, occurrenceStartsAt: $occurrenceStartsAt) {
    id
    status
    occurrenceStartsAt
    occurrenceEndsAt
  }
}
    `) as unknown as TypedDocumentString<ActivityPageBookMutation, ActivityPageBookMutationVariables>;
export const ActivityPageCancelBookingDocument = new TypedDocumentString(`
    mutation ActivityPageCancelBooking($bookingId: ID!) {
  cancelBooking(bookingId: $bookingId) {
    id
    status
    occurrenceStartsAt
  }
}
    `) as unknown as TypedDocumentString<ActivityPageCancelBookingMutation, ActivityPageCancelBookingMutationVariables>;
export const RequestHelpDocument = new TypedDocumentString(`
    mutation RequestHelp($input: RequestHelpInput!) {
  requestHelp(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RequestHelpMutation, RequestHelpMutationVariables>;
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
export const OverdueCheckInsDocument = new TypedDocumentString(`
    query OverdueCheckIns($after: String) {
  overdueCheckIns(first: 25, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...DashboardCheckIn
      }
    }
  }
}
    fragment DashboardCheckIn on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  notes
  channel
  missedAt
  escalationStep
  nextEscalationAt
  resolvedAt
  resolutionNote
  plan {
    id
    riskLevel
  }
  resident {
    id
    displayName
  }
  volunteer {
    id
    displayName
  }
  group {
    id
    name
  }
  events {
    kind
    step
    audience
    recipientName
    channel
    detail
    at
  }
}`) as unknown as TypedDocumentString<OverdueCheckInsQuery, OverdueCheckInsQueryVariables>;
export const CheckInEscalatedDocument = new TypedDocumentString(`
    subscription CheckInEscalated($groupId: ID!) {
  checkInEscalated(groupId: $groupId) {
    ...DashboardCheckIn
  }
}
    fragment DashboardCheckIn on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  notes
  channel
  missedAt
  escalationStep
  nextEscalationAt
  resolvedAt
  resolutionNote
  plan {
    id
    riskLevel
  }
  resident {
    id
    displayName
  }
  volunteer {
    id
    displayName
  }
  group {
    id
    name
  }
  events {
    kind
    step
    audience
    recipientName
    channel
    detail
    at
  }
}`) as unknown as TypedDocumentString<CheckInEscalatedSubscription, CheckInEscalatedSubscriptionVariables>;
export const ResolveEscalationDocument = new TypedDocumentString(`
    mutation ResolveEscalation($checkInId: ID!, $note: String!) {
  resolveCheckInEscalation(checkInId: $checkInId, note: $note) {
    ...DashboardCheckIn
  }
}
    fragment DashboardCheckIn on CheckIn {
  id
  dueAt
  overdueAt
  status
  outcome
  concerns
  notes
  channel
  missedAt
  escalationStep
  nextEscalationAt
  resolvedAt
  resolutionNote
  plan {
    id
    riskLevel
  }
  resident {
    id
    displayName
  }
  volunteer {
    id
    displayName
  }
  group {
    id
    name
  }
  events {
    kind
    step
    audience
    recipientName
    channel
    detail
    at
  }
}`) as unknown as TypedDocumentString<ResolveEscalationMutation, ResolveEscalationMutationVariables>;
export const DirectoryServicesDocument = new TypedDocumentString(`
    query DirectoryServices($search: String, $category: String, $near: GeoFilter, $nearPostcode: PostcodeFilter, $day: DayOfWeek, $first: Int, $after: String) {
  services(
    search: $search
    category: $category
    near: $near
    nearPostcode: $nearPostcode
    day: $day
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        distanceKm
        group {
          id
          name
        }
        nextDates(first: 1) {
          startsAt
          endsAt
        }
        activity {
          id
          title
          category
          location
          costPence
          recurrence
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DirectoryServicesQuery, DirectoryServicesQueryVariables>;
export const DirectoryMyBookingsDocument = new TypedDocumentString(`
    query DirectoryMyBookings {
  myBookings(first: 20) {
    totalCount
    edges {
      node {
        id
        occurrenceStartsAt
        occurrenceEndsAt
        activity {
          id
          title
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DirectoryMyBookingsQuery, DirectoryMyBookingsQueryVariables>;
export const GroupPageDocument = new TypedDocumentString(`
    query GroupPage($id: ID!, $shiftsFrom: DateTime) {
  group(id: $id) {
    id
    name
    kind
    area
    joinPolicy
    memberCount
    myMembership {
      id
      role
      status
    }
    members(status: PENDING, first: 50) {
      totalCount
      edges {
        node {
          id
          createdAt
          person {
            id
            displayName
          }
        }
      }
    }
  }
  groupActivities(groupId: $id, first: 50) {
    totalCount
    edges {
      node {
        id
        title
        status
        recurrence
        startsAt
        endsAt
      }
    }
  }
  upcomingShifts(groupId: $id, from: $shiftsFrom, first: 50) {
    totalCount
    edges {
      node {
        id
        title
        startsAt
        endsAt
        places
        confirmedCount
        waitlistCount
        status
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GroupPageQuery, GroupPageQueryVariables>;
export const DecideMembershipDocument = new TypedDocumentString(`
    mutation DecideMembership($membershipId: ID!, $approve: Boolean!) {
  decideMembership(membershipId: $membershipId, approve: $approve) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<DecideMembershipMutation, DecideMembershipMutationVariables>;
export const PublishDraftDocument = new TypedDocumentString(`
    mutation PublishDraft($id: ID!) {
  publishActivity(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<PublishDraftMutation, PublishDraftMutationVariables>;
export const ImportGroupCalendarDocument = new TypedDocumentString(`
    mutation ImportGroupCalendar($groupId: ID!, $ics: String!) {
  importGroupCalendar(groupId: $groupId, ics: $ics) {
    created {
      id
      title
    }
    updated {
      id
      title
    }
    unchanged {
      id
    }
    skipped {
      summary
      line
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<ImportGroupCalendarMutation, ImportGroupCalendarMutationVariables>;
export const CreateGroupDocument = new TypedDocumentString(`
    mutation CreateGroup($input: CreateGroupInput!) {
  createGroup(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<CreateGroupMutation, CreateGroupMutationVariables>;
export const HelpNearbyProfileDocument = new TypedDocumentString(`
    query HelpNearbyProfile {
  me {
    id
    volunteerProfile {
      travelRadiusKm
      location {
        latitude
        longitude
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HelpNearbyProfileQuery, HelpNearbyProfileQueryVariables>;
export const HelpNearbyRequestsDocument = new TypedDocumentString(`
    query HelpNearbyRequests($near: GeoFilter, $category: String, $first: Int, $after: String) {
  openHelpRequests(near: $near, category: $category, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        status
        category
        urgency
        description
        homeVisit
        requiredSkills
        preferredTimes {
          startsAt
          endsAt
        }
        group {
          id
          name
        }
        residentFirstName
        area
        roughDistanceKm
      }
    }
  }
}
    `) as unknown as TypedDocumentString<HelpNearbyRequestsQuery, HelpNearbyRequestsQueryVariables>;
export const HelpNearbyOfferDocument = new TypedDocumentString(`
    mutation HelpNearbyOffer($helpRequestId: ID!) {
  offerHelp(helpRequestId: $helpRequestId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<HelpNearbyOfferMutation, HelpNearbyOfferMutationVariables>;
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
export const MyCheckInScheduleDocument = new TypedDocumentString(`
    query MyCheckInSchedule {
  me {
    id
  }
  checkInPlans {
    ...MyCheckInPlan
  }
  myCheckIns(first: 100) {
    edges {
      node {
        id
        dueAt
        status
        channel
        resident {
          id
        }
        volunteer {
          id
          displayName
        }
      }
    }
  }
}
    fragment MyCheckInPlan on CheckInPlan {
  id
  status
  recurrence
  firstDueAt
  channel
  pausedUntil
  endedAt
  volunteer {
    id
    displayName
  }
  backupVolunteer {
    id
    displayName
  }
  group {
    id
    name
  }
}`) as unknown as TypedDocumentString<MyCheckInScheduleQuery, MyCheckInScheduleQueryVariables>;
export const PauseCheckInPlanDocument = new TypedDocumentString(`
    mutation PauseCheckInPlan($planId: ID!, $until: Date) {
  pauseCheckInPlan(planId: $planId, until: $until) {
    ...MyCheckInPlan
  }
}
    fragment MyCheckInPlan on CheckInPlan {
  id
  status
  recurrence
  firstDueAt
  channel
  pausedUntil
  endedAt
  volunteer {
    id
    displayName
  }
  backupVolunteer {
    id
    displayName
  }
  group {
    id
    name
  }
}`) as unknown as TypedDocumentString<PauseCheckInPlanMutation, PauseCheckInPlanMutationVariables>;
export const ResumeCheckInPlanDocument = new TypedDocumentString(`
    mutation ResumeCheckInPlan($planId: ID!) {
  resumeCheckInPlan(planId: $planId) {
    ...MyCheckInPlan
  }
}
    fragment MyCheckInPlan on CheckInPlan {
  id
  status
  recurrence
  firstDueAt
  channel
  pausedUntil
  endedAt
  volunteer {
    id
    displayName
  }
  backupVolunteer {
    id
    displayName
  }
  group {
    id
    name
  }
}`) as unknown as TypedDocumentString<ResumeCheckInPlanMutation, ResumeCheckInPlanMutationVariables>;
export const MyHelpRequestsDocument = new TypedDocumentString(`
    query MyHelpRequests($after: String) {
  myHelpRequests(first: 50, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...MyHelpRequest
      }
    }
  }
}
    fragment MyHelpRequest on HelpRequest {
  id
  status
  category
  urgency
  description
  createdAt
  preferredTimes {
    startsAt
    endsAt
  }
  group {
    id
    name
  }
  assignedVolunteer {
    id
    displayName
  }
  minutes
  cancelReason
}`) as unknown as TypedDocumentString<MyHelpRequestsQuery, MyHelpRequestsQueryVariables>;
export const CancelHelpRequestDocument = new TypedDocumentString(`
    mutation CancelHelpRequest($helpRequestId: ID!, $reason: String!) {
  cancelHelpRequest(helpRequestId: $helpRequestId, reason: $reason) {
    ...MyHelpRequest
  }
}
    fragment MyHelpRequest on HelpRequest {
  id
  status
  category
  urgency
  description
  createdAt
  preferredTimes {
    startsAt
    endsAt
  }
  group {
    id
    name
  }
  assignedVolunteer {
    id
    displayName
  }
  minutes
  cancelReason
}`) as unknown as TypedDocumentString<CancelHelpRequestMutation, CancelHelpRequestMutationVariables>;
export const OutcomeSurveyPageDocument = new TypedDocumentString(`
    query OutcomeSurveyPage {
  me {
    id
    residentProfile {
      area
    }
  }
  latestOutcomeSurvey {
    ...MyOutcomeSurvey
  }
}
    fragment MyOutcomeSurvey on OutcomeSurvey {
  id
  period
  onBehalf
  controlOverDailyLife
  socialContact
  feelingSafe
  findingInformation
  qualityOfLife
  submittedAt
}`) as unknown as TypedDocumentString<OutcomeSurveyPageQuery, OutcomeSurveyPageQueryVariables>;
export const SubmitOutcomeSurveyDocument = new TypedDocumentString(`
    mutation SubmitOutcomeSurvey($input: OutcomeSurveyInput!) {
  submitOutcomeSurvey(input: $input) {
    ...MyOutcomeSurvey
  }
}
    fragment MyOutcomeSurvey on OutcomeSurvey {
  id
  period
  onBehalf
  controlOverDailyLife
  socialContact
  feelingSafe
  findingInformation
  qualityOfLife
  submittedAt
}`) as unknown as TypedDocumentString<SubmitOutcomeSurveyMutation, SubmitOutcomeSurveyMutationVariables>;
export const CreateActivityDocument = new TypedDocumentString(`
    mutation CreateActivity($input: CreateActivityInput!) {
  createActivity(input: $input) {
    ...PostedActivity
  }
}
    fragment PostedActivity on Activity {
  id
  title
  status
  recurrence
  startsAt
  endsAt
  location
  group {
    id
    name
  }
  occurrences(first: 30) {
    startsAt
    endsAt
  }
}`) as unknown as TypedDocumentString<CreateActivityMutation, CreateActivityMutationVariables>;
export const PublishActivityDocument = new TypedDocumentString(`
    mutation PublishActivity($id: ID!) {
  publishActivity(id: $id) {
    ...PostedActivity
  }
}
    fragment PostedActivity on Activity {
  id
  title
  status
  recurrence
  startsAt
  endsAt
  location
  group {
    id
    name
  }
  occurrences(first: 30) {
    startsAt
    endsAt
  }
}`) as unknown as TypedDocumentString<PublishActivityMutation, PublishActivityMutationVariables>;
export const ActivityForShiftsDocument = new TypedDocumentString(`
    query ActivityForShifts($id: ID!) {
  activity(id: $id) {
    ...PostedActivity
  }
}
    fragment PostedActivity on Activity {
  id
  title
  status
  recurrence
  startsAt
  endsAt
  location
  group {
    id
    name
  }
  occurrences(first: 30) {
    startsAt
    endsAt
  }
}`) as unknown as TypedDocumentString<ActivityForShiftsQuery, ActivityForShiftsQueryVariables>;
export const GroupNameDocument = new TypedDocumentString(`
    query GroupName($id: ID!) {
  group(id: $id) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<GroupNameQuery, GroupNameQueryVariables>;
export const CreateShiftDocument = new TypedDocumentString(`
    mutation CreateShift($input: CreateShiftInput!) {
  createShift(input: $input) {
    id
    title
    startsAt
    endsAt
    places
  }
}
    `) as unknown as TypedDocumentString<CreateShiftMutation, CreateShiftMutationVariables>;
export const MyPrivacyDocument = new TypedDocumentString(`
    query MyPrivacy {
  me {
    id
    displayName
    contactChannel
    language
    accessibilityNeeds
    doNotContact
    residentProfile {
      area
    }
    consents {
      id
      purpose
      given
      recordedAt
    }
    consentHistory {
      id
      purpose
      given
      recordedAt
      recordedBy {
        id
        displayName
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyPrivacyQuery, MyPrivacyQueryVariables>;
export const RecordMyConsentDocument = new TypedDocumentString(`
    mutation RecordMyConsent($input: RecordConsentInput!) {
  recordConsent(input: $input) {
    id
    purpose
    given
  }
}
    `) as unknown as TypedDocumentString<RecordMyConsentMutation, RecordMyConsentMutationVariables>;
export const UpdateMyContactDocument = new TypedDocumentString(`
    mutation UpdateMyContact($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) {
    id
    contactChannel
    language
    accessibilityNeeds
    doNotContact
  }
}
    `) as unknown as TypedDocumentString<UpdateMyContactMutation, UpdateMyContactMutationVariables>;
export const ExportMyDataDocument = new TypedDocumentString(`
    mutation ExportMyData {
  exportMyData
}
    `) as unknown as TypedDocumentString<ExportMyDataMutation, ExportMyDataMutationVariables>;
export const ReferralTimelineDocument = new TypedDocumentString(`
    query ReferralTimeline($id: ID!) {
  referral(id: $id) {
    ...ReferralTimeline
  }
}
    fragment ReferralTimeline on Referral {
  id
  status
  reason
  urgency
  details
  outcome
  consentId
  lawfulBasis
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  checkInId
  resident {
    id
    displayName
  }
  partner {
    id
    name
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
}`) as unknown as TypedDocumentString<ReferralTimelineQuery, ReferralTimelineQueryVariables>;
export const ReferralUpdatedDocument = new TypedDocumentString(`
    subscription ReferralUpdated($referralId: ID!) {
  referralUpdated(referralId: $referralId) {
    ...ReferralTimeline
  }
}
    fragment ReferralTimeline on Referral {
  id
  status
  reason
  urgency
  details
  outcome
  consentId
  lawfulBasis
  sentAt
  acknowledgeBy
  acknowledgedAt
  acknowledgementOverdue
  checkInId
  resident {
    id
    displayName
  }
  partner {
    id
    name
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
}`) as unknown as TypedDocumentString<ReferralUpdatedSubscription, ReferralUpdatedSubscriptionVariables>;
export const NewReferralDocument = new TypedDocumentString(`
    query NewReferral($subjectId: ID!) {
  node(id: $subjectId) {
    ... on Person {
      id
      displayName
      consents {
        id
        purpose
        given
        recordedAt
      }
    }
    ... on CheckIn {
      id
      dueAt
      outcome
      concerns
      notes
      group {
        id
        name
      }
      volunteer {
        id
        displayName
      }
      resident {
        id
        displayName
        consents {
          id
          purpose
          given
          recordedAt
        }
      }
    }
  }
  groups(first: 100) {
    edges {
      node {
        id
        name
        kind
        acceptedReferralReasons
      }
    }
  }
}
    `) as unknown as TypedDocumentString<NewReferralQuery, NewReferralQueryVariables>;
export const CreateReferralDocument = new TypedDocumentString(`
    mutation CreateReferral($input: CreateReferralInput!) {
  createReferral(input: $input) {
    id
    partner {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateReferralMutation, CreateReferralMutationVariables>;
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
export const ResidentDocument = new TypedDocumentString(`
    query Resident($id: ID!) {
  node(id: $id) {
    ... on Person {
      id
      displayName
      email
      residentProfile {
        area
        whatMatters
        needs
        riskEnablement
      }
      consents {
        id
        purpose
        given
        note
        recordedAt
        recordedBy {
          id
          displayName
        }
      }
    }
  }
  checkInPlans(residentId: $id) {
    id
    status
    recurrence
    firstDueAt
    channel
    group {
      id
      name
    }
    volunteer {
      id
      displayName
    }
    backupVolunteer {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<ResidentQuery, ResidentQueryVariables>;
export const PlanMembersDocument = new TypedDocumentString(`
    query PlanMembers($groupId: ID!) {
  group(id: $groupId) {
    id
    name
    members(status: ACTIVE, first: 100) {
      edges {
        node {
          id
          role
          person {
            id
            displayName
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PlanMembersQuery, PlanMembersQueryVariables>;
export const CreateCheckInPlanDocument = new TypedDocumentString(`
    mutation CreateCheckInPlan($input: CreateCheckInPlanInput!) {
  createCheckInPlan(input: $input) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CreateCheckInPlanMutation, CreateCheckInPlanMutationVariables>;
export const RequestHelpOnBehalfDocument = new TypedDocumentString(`
    mutation RequestHelpOnBehalf($input: RequestHelpInput!) {
  requestHelp(input: $input) {
    id
    status
    category
  }
}
    `) as unknown as TypedDocumentString<RequestHelpOnBehalfMutation, RequestHelpOnBehalfMutationVariables>;
export const RecordConsentDocument = new TypedDocumentString(`
    mutation RecordConsent($input: RecordConsentInput!) {
  recordConsent(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<RecordConsentMutation, RecordConsentMutationVariables>;
export const GroupResidentsDocument = new TypedDocumentString(`
    query GroupResidents($groupId: ID!, $after: String) {
  residents(groupId: $groupId, first: 100, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        displayName
        email
        residentProfile {
          area
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GroupResidentsQuery, GroupResidentsQueryVariables>;
export const CreateResidentDocument = new TypedDocumentString(`
    mutation CreateResident($input: CreateResidentInput!) {
  createResident(input: $input) {
    id
    displayName
  }
}
    `) as unknown as TypedDocumentString<CreateResidentMutation, CreateResidentMutationVariables>;
export const RosterDocument = new TypedDocumentString(`
    query Roster($id: ID!) {
  node(id: $id) {
    ... on Shift {
      id
      title
      startsAt
      endsAt
      location
      places
      confirmedCount
      waitlistCount
      status
      group {
        id
        name
      }
      activity {
        id
        title
      }
      signups(first: 100) {
        totalCount
        edges {
          node {
            id
            status
            attendedMinutes
            createdAt
            volunteer {
              id
              displayName
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RosterQuery, RosterQueryVariables>;
export const RecordShiftAttendanceDocument = new TypedDocumentString(`
    mutation RecordShiftAttendance($signupId: ID!, $minutes: Int!) {
  recordShiftAttendance(signupId: $signupId, minutes: $minutes) {
    id
    status
    attendedMinutes
  }
}
    `) as unknown as TypedDocumentString<RecordShiftAttendanceMutation, RecordShiftAttendanceMutationVariables>;
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