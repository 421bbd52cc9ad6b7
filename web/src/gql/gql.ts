/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  fragment CheckInCard on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    suggestedNextSteps\n    minutes\n    notes\n    channel\n    recordedAt\n    escalationStep\n    resolvedAt\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n    }\n    group {\n      id\n      name\n    }\n  }\n": typeof types.CheckInCardFragmentDoc,
    "\n  query MyCheckIns($after: String) {\n    me {\n      id\n    }\n    myCheckIns(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CheckInCard\n        }\n      }\n    }\n  }\n": typeof types.MyCheckInsDocument,
    "\n  mutation RecordCheckIn($input: RecordCheckInInput!) {\n    recordCheckIn(input: $input) {\n      ...CheckInCard\n    }\n  }\n": typeof types.RecordCheckInDocument,
    "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyHoursDocument,
    "\n  fragment ReferralCard on Referral {\n    id\n    reason\n    urgency\n    status\n    details\n    outcome\n    createdAt\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    resident {\n      id\n      displayName\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ReferralCardFragmentDoc,
    "\n  query PartnerQueue($partnerGroupId: ID!, $after: String) {\n    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ReferralCard\n        }\n      }\n    }\n  }\n": typeof types.PartnerQueueDocument,
    "\n  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {\n    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {\n      ...ReferralCard\n    }\n  }\n": typeof types.UpdateReferralStatusDocument,
    "\n  fragment ShiftCard on Shift {\n    id\n    title\n    description\n    startsAt\n    endsAt\n    location\n    places\n    confirmedCount\n    waitlistCount\n    requiredSkills\n    requiredVetting\n    membersOnly\n    waitlist\n    status\n    group {\n      id\n      name\n    }\n    mySignup {\n      id\n      status\n    }\n  }\n": typeof types.ShiftCardFragmentDoc,
    "\n  query UpcomingShifts($first: Int, $after: String) {\n    upcomingShifts(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n": typeof types.UpcomingShiftsDocument,
    "\n  query MyShifts($after: String) {\n    me {\n      id\n      calendarFeedUrl\n    }\n    upcomingShifts(first: 50, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n": typeof types.MyShiftsDocument,
    "\n  mutation SignUpForShift($shiftId: ID!) {\n    signUpForShift(shiftId: $shiftId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n": typeof types.SignUpForShiftDocument,
    "\n  mutation CancelShiftSignup($signupId: ID!) {\n    cancelShiftSignup(signupId: $signupId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n": typeof types.CancelShiftSignupDocument,
    "\n  mutation RotateCalendarFeed {\n    rotateCalendarFeedToken\n  }\n": typeof types.RotateCalendarFeedDocument,
    "\n  fragment VolunteerProfileFields on VolunteerProfile {\n    skills\n    languages\n    travelRadiusKm\n    availability {\n      day\n      startTime\n      endTime\n    }\n  }\n": typeof types.VolunteerProfileFieldsFragmentDoc,
    "\n  query MyVolunteering {\n    me {\n      id\n      volunteerProfile {\n        ...VolunteerProfileFields\n      }\n    }\n  }\n": typeof types.MyVolunteeringDocument,
    "\n  mutation UpdateVolunteerProfile($input: VolunteerProfileInput!) {\n    updateVolunteerProfile(input: $input) {\n      ...VolunteerProfileFields\n    }\n  }\n": typeof types.UpdateVolunteerProfileDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  fragment CheckInCard on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    suggestedNextSteps\n    minutes\n    notes\n    channel\n    recordedAt\n    escalationStep\n    resolvedAt\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n    }\n    group {\n      id\n      name\n    }\n  }\n": types.CheckInCardFragmentDoc,
    "\n  query MyCheckIns($after: String) {\n    me {\n      id\n    }\n    myCheckIns(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CheckInCard\n        }\n      }\n    }\n  }\n": types.MyCheckInsDocument,
    "\n  mutation RecordCheckIn($input: RecordCheckInInput!) {\n    recordCheckIn(input: $input) {\n      ...CheckInCard\n    }\n  }\n": types.RecordCheckInDocument,
    "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MyHoursDocument,
    "\n  fragment ReferralCard on Referral {\n    id\n    reason\n    urgency\n    status\n    details\n    outcome\n    createdAt\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    resident {\n      id\n      displayName\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": types.ReferralCardFragmentDoc,
    "\n  query PartnerQueue($partnerGroupId: ID!, $after: String) {\n    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ReferralCard\n        }\n      }\n    }\n  }\n": types.PartnerQueueDocument,
    "\n  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {\n    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {\n      ...ReferralCard\n    }\n  }\n": types.UpdateReferralStatusDocument,
    "\n  fragment ShiftCard on Shift {\n    id\n    title\n    description\n    startsAt\n    endsAt\n    location\n    places\n    confirmedCount\n    waitlistCount\n    requiredSkills\n    requiredVetting\n    membersOnly\n    waitlist\n    status\n    group {\n      id\n      name\n    }\n    mySignup {\n      id\n      status\n    }\n  }\n": types.ShiftCardFragmentDoc,
    "\n  query UpcomingShifts($first: Int, $after: String) {\n    upcomingShifts(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n": types.UpcomingShiftsDocument,
    "\n  query MyShifts($after: String) {\n    me {\n      id\n      calendarFeedUrl\n    }\n    upcomingShifts(first: 50, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n": types.MyShiftsDocument,
    "\n  mutation SignUpForShift($shiftId: ID!) {\n    signUpForShift(shiftId: $shiftId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n": types.SignUpForShiftDocument,
    "\n  mutation CancelShiftSignup($signupId: ID!) {\n    cancelShiftSignup(signupId: $signupId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n": types.CancelShiftSignupDocument,
    "\n  mutation RotateCalendarFeed {\n    rotateCalendarFeedToken\n  }\n": types.RotateCalendarFeedDocument,
    "\n  fragment VolunteerProfileFields on VolunteerProfile {\n    skills\n    languages\n    travelRadiusKm\n    availability {\n      day\n      startTime\n      endTime\n    }\n  }\n": types.VolunteerProfileFieldsFragmentDoc,
    "\n  query MyVolunteering {\n    me {\n      id\n      volunteerProfile {\n        ...VolunteerProfileFields\n      }\n    }\n  }\n": types.MyVolunteeringDocument,
    "\n  mutation UpdateVolunteerProfile($input: VolunteerProfileInput!) {\n    updateVolunteerProfile(input: $input) {\n      ...VolunteerProfileFields\n    }\n  }\n": types.UpdateVolunteerProfileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n"): typeof import('./graphql').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n"): typeof import('./graphql').RefreshSessionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment CheckInCard on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    suggestedNextSteps\n    minutes\n    notes\n    channel\n    recordedAt\n    escalationStep\n    resolvedAt\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n    }\n    group {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').CheckInCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCheckIns($after: String) {\n    me {\n      id\n    }\n    myCheckIns(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CheckInCard\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyCheckInsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordCheckIn($input: RecordCheckInInput!) {\n    recordCheckIn(input: $input) {\n      ...CheckInCard\n    }\n  }\n"): typeof import('./graphql').RecordCheckInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyHoursDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReferralCard on Referral {\n    id\n    reason\n    urgency\n    status\n    details\n    outcome\n    createdAt\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    resident {\n      id\n      displayName\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql').ReferralCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnerQueue($partnerGroupId: ID!, $after: String) {\n    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ReferralCard\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PartnerQueueDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {\n    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {\n      ...ReferralCard\n    }\n  }\n"): typeof import('./graphql').UpdateReferralStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShiftCard on Shift {\n    id\n    title\n    description\n    startsAt\n    endsAt\n    location\n    places\n    confirmedCount\n    waitlistCount\n    requiredSkills\n    requiredVetting\n    membersOnly\n    waitlist\n    status\n    group {\n      id\n      name\n    }\n    mySignup {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').ShiftCardFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpcomingShifts($first: Int, $after: String) {\n    upcomingShifts(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UpcomingShiftsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyShifts($after: String) {\n    me {\n      id\n      calendarFeedUrl\n    }\n    upcomingShifts(first: 50, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ShiftCard\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyShiftsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUpForShift($shiftId: ID!) {\n    signUpForShift(shiftId: $shiftId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n"): typeof import('./graphql').SignUpForShiftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelShiftSignup($signupId: ID!) {\n    cancelShiftSignup(signupId: $signupId) {\n      id\n      status\n      shift {\n        ...ShiftCard\n      }\n    }\n  }\n"): typeof import('./graphql').CancelShiftSignupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateCalendarFeed {\n    rotateCalendarFeedToken\n  }\n"): typeof import('./graphql').RotateCalendarFeedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VolunteerProfileFields on VolunteerProfile {\n    skills\n    languages\n    travelRadiusKm\n    availability {\n      day\n      startTime\n      endTime\n    }\n  }\n"): typeof import('./graphql').VolunteerProfileFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyVolunteering {\n    me {\n      id\n      volunteerProfile {\n        ...VolunteerProfileFields\n      }\n    }\n  }\n"): typeof import('./graphql').MyVolunteeringDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateVolunteerProfile($input: VolunteerProfileInput!) {\n    updateVolunteerProfile(input: $input) {\n      ...VolunteerProfileFields\n    }\n  }\n"): typeof import('./graphql').UpdateVolunteerProfileDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
