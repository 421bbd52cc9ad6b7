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
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      residentProfile {\n        area\n      }\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  query ActivityPage($id: ID!) {\n    activity(id: $id) {\n      id\n      title\n      description\n      category\n      location\n      accessibility\n      costPence\n      minAge\n      maxAge\n      capacity\n      status\n      cancelReason\n      recurrence\n      allDay\n      group {\n        id\n        name\n      }\n      occurrences(first: 8) {\n        startsAt\n        endsAt\n        bookedCount\n        placesLeft\n      }\n    }\n  }\n": typeof types.ActivityPageDocument,
    "\n  query ActivityPageBookings($after: String) {\n    myBookings(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ActivityPageBookingsDocument,
    "\n  mutation ActivityPageBook($activityId: ID!, $occurrenceStartsAt: DateTime!) {\n    bookActivity(activityId: $activityId, occurrenceStartsAt: $occurrenceStartsAt) {\n      id\n      status\n      occurrenceStartsAt\n      occurrenceEndsAt\n    }\n  }\n": typeof types.ActivityPageBookDocument,
    "\n  mutation ActivityPageCancelBooking($bookingId: ID!) {\n    cancelBooking(bookingId: $bookingId) {\n      id\n      status\n      occurrenceStartsAt\n    }\n  }\n": typeof types.ActivityPageCancelBookingDocument,
    "\n  mutation RequestHelp($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.RequestHelpDocument,
    "\n  fragment CheckInCard on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    suggestedNextSteps\n    minutes\n    notes\n    channel\n    recordedAt\n    escalationStep\n    resolvedAt\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n    }\n    group {\n      id\n      name\n    }\n  }\n": typeof types.CheckInCardFragmentDoc,
    "\n  query MyCheckIns($after: String) {\n    me {\n      id\n    }\n    myCheckIns(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CheckInCard\n        }\n      }\n    }\n  }\n": typeof types.MyCheckInsDocument,
    "\n  mutation RecordCheckIn($input: RecordCheckInInput!) {\n    recordCheckIn(input: $input) {\n      ...CheckInCard\n    }\n  }\n": typeof types.RecordCheckInDocument,
    "\n  fragment DashboardCheckIn on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    notes\n    channel\n    missedAt\n    escalationStep\n    nextEscalationAt\n    resolvedAt\n    resolutionNote\n    plan {\n      id\n      riskLevel\n    }\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n    events {\n      kind\n      step\n      audience\n      recipientName\n      channel\n      detail\n      at\n    }\n  }\n": typeof types.DashboardCheckInFragmentDoc,
    "\n  query OverdueCheckIns($after: String) {\n    overdueCheckIns(first: 25, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...DashboardCheckIn\n        }\n      }\n    }\n  }\n": typeof types.OverdueCheckInsDocument,
    "\n  subscription CheckInEscalated($groupId: ID!) {\n    checkInEscalated(groupId: $groupId) {\n      ...DashboardCheckIn\n    }\n  }\n": typeof types.CheckInEscalatedDocument,
    "\n  mutation ResolveEscalation($checkInId: ID!, $note: String!) {\n    resolveCheckInEscalation(checkInId: $checkInId, note: $note) {\n      ...DashboardCheckIn\n    }\n  }\n": typeof types.ResolveEscalationDocument,
    "\n  query DirectoryServices(\n    $search: String\n    $category: String\n    $near: GeoFilter\n    $nearPostcode: PostcodeFilter\n    $day: DayOfWeek\n    $first: Int\n    $after: String\n  ) {\n    services(\n      search: $search\n      category: $category\n      near: $near\n      nearPostcode: $nearPostcode\n      day: $day\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          distanceKm\n          group {\n            id\n            name\n          }\n          nextDates(first: 1) {\n            startsAt\n            endsAt\n          }\n          activity {\n            id\n            title\n            category\n            location\n            costPence\n            recurrence\n          }\n        }\n      }\n    }\n  }\n": typeof types.DirectoryServicesDocument,
    "\n  query DirectoryMyBookings {\n    myBookings(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n": typeof types.DirectoryMyBookingsDocument,
    "\n  query GroupPage($id: ID!, $shiftsFrom: DateTime) {\n    group(id: $id) {\n      id\n      name\n      kind\n      area\n      joinPolicy\n      memberCount\n      myMembership {\n        id\n        role\n        status\n      }\n      members(status: PENDING, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            createdAt\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n    groupActivities(groupId: $id, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          status\n          recurrence\n          startsAt\n          endsAt\n        }\n      }\n    }\n    upcomingShifts(groupId: $id, from: $shiftsFrom, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          places\n          confirmedCount\n          waitlistCount\n          status\n        }\n      }\n    }\n  }\n": typeof types.GroupPageDocument,
    "\n  mutation DecideMembership($membershipId: ID!, $approve: Boolean!) {\n    decideMembership(membershipId: $membershipId, approve: $approve) {\n      id\n      status\n    }\n  }\n": typeof types.DecideMembershipDocument,
    "\n  mutation PublishDraft($id: ID!) {\n    publishActivity(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.PublishDraftDocument,
    "\n  mutation ImportGroupCalendar($groupId: ID!, $ics: String!) {\n    importGroupCalendar(groupId: $groupId, ics: $ics) {\n      created {\n        id\n        title\n      }\n      updated {\n        id\n        title\n      }\n      unchanged {\n        id\n      }\n      skipped {\n        summary\n        line\n        reason\n      }\n    }\n  }\n": typeof types.ImportGroupCalendarDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateGroupDocument,
    "\n  query HelpNearbyProfile {\n    me {\n      id\n      volunteerProfile {\n        travelRadiusKm\n        location {\n          latitude\n          longitude\n        }\n      }\n    }\n  }\n": typeof types.HelpNearbyProfileDocument,
    "\n  query HelpNearbyRequests($near: GeoFilter, $category: String, $first: Int, $after: String) {\n    openHelpRequests(near: $near, category: $category, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          category\n          urgency\n          description\n          homeVisit\n          requiredSkills\n          preferredTimes {\n            startsAt\n            endsAt\n          }\n          group {\n            id\n            name\n          }\n          residentFirstName\n          area\n          roughDistanceKm\n        }\n      }\n    }\n  }\n": typeof types.HelpNearbyRequestsDocument,
    "\n  mutation HelpNearbyOffer($helpRequestId: ID!) {\n    offerHelp(helpRequestId: $helpRequestId) {\n      id\n      status\n    }\n  }\n": typeof types.HelpNearbyOfferDocument,
    "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyHoursDocument,
    "\n  fragment MyCheckInPlan on CheckInPlan {\n    id\n    status\n    recurrence\n    firstDueAt\n    channel\n    pausedUntil\n    endedAt\n    volunteer {\n      id\n      displayName\n    }\n    backupVolunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n  }\n": typeof types.MyCheckInPlanFragmentDoc,
    "\n  query MyCheckInSchedule {\n    me {\n      id\n    }\n    checkInPlans {\n      ...MyCheckInPlan\n    }\n    myCheckIns(first: 100) {\n      edges {\n        node {\n          id\n          dueAt\n          status\n          channel\n          resident {\n            id\n          }\n          volunteer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyCheckInScheduleDocument,
    "\n  mutation PauseCheckInPlan($planId: ID!, $until: Date) {\n    pauseCheckInPlan(planId: $planId, until: $until) {\n      ...MyCheckInPlan\n    }\n  }\n": typeof types.PauseCheckInPlanDocument,
    "\n  mutation ResumeCheckInPlan($planId: ID!) {\n    resumeCheckInPlan(planId: $planId) {\n      ...MyCheckInPlan\n    }\n  }\n": typeof types.ResumeCheckInPlanDocument,
    "\n  fragment MyHelpRequest on HelpRequest {\n    id\n    status\n    category\n    urgency\n    description\n    createdAt\n    preferredTimes {\n      startsAt\n      endsAt\n    }\n    group {\n      id\n      name\n    }\n    assignedVolunteer {\n      id\n      displayName\n    }\n    minutes\n    cancelReason\n  }\n": typeof types.MyHelpRequestFragmentDoc,
    "\n  query MyHelpRequests($after: String) {\n    myHelpRequests(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...MyHelpRequest\n        }\n      }\n    }\n  }\n": typeof types.MyHelpRequestsDocument,
    "\n  mutation CancelHelpRequest($helpRequestId: ID!, $reason: String!) {\n    cancelHelpRequest(helpRequestId: $helpRequestId, reason: $reason) {\n      ...MyHelpRequest\n    }\n  }\n": typeof types.CancelHelpRequestDocument,
    "\n  fragment MyOutcomeSurvey on OutcomeSurvey {\n    id\n    period\n    onBehalf\n    controlOverDailyLife\n    socialContact\n    feelingSafe\n    findingInformation\n    qualityOfLife\n    submittedAt\n  }\n": typeof types.MyOutcomeSurveyFragmentDoc,
    "\n  query OutcomeSurveyPage {\n    me {\n      id\n      residentProfile {\n        area\n      }\n    }\n    latestOutcomeSurvey {\n      ...MyOutcomeSurvey\n    }\n  }\n": typeof types.OutcomeSurveyPageDocument,
    "\n  mutation SubmitOutcomeSurvey($input: OutcomeSurveyInput!) {\n    submitOutcomeSurvey(input: $input) {\n      ...MyOutcomeSurvey\n    }\n  }\n": typeof types.SubmitOutcomeSurveyDocument,
    "\n  fragment PostedActivity on Activity {\n    id\n    title\n    status\n    recurrence\n    startsAt\n    endsAt\n    location\n    group {\n      id\n      name\n    }\n    occurrences(first: 30) {\n      startsAt\n      endsAt\n    }\n  }\n": typeof types.PostedActivityFragmentDoc,
    "\n  mutation CreateActivity($input: CreateActivityInput!) {\n    createActivity(input: $input) {\n      ...PostedActivity\n    }\n  }\n": typeof types.CreateActivityDocument,
    "\n  mutation PublishActivity($id: ID!) {\n    publishActivity(id: $id) {\n      ...PostedActivity\n    }\n  }\n": typeof types.PublishActivityDocument,
    "\n  query ActivityForShifts($id: ID!) {\n    activity(id: $id) {\n      ...PostedActivity\n    }\n  }\n": typeof types.ActivityForShiftsDocument,
    "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      name\n    }\n  }\n": typeof types.GroupNameDocument,
    "\n  mutation CreateShift($input: CreateShiftInput!) {\n    createShift(input: $input) {\n      id\n      title\n      startsAt\n      endsAt\n      places\n    }\n  }\n": typeof types.CreateShiftDocument,
    "\n  query MyPrivacy {\n    me {\n      id\n      displayName\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n      residentProfile {\n        area\n      }\n      consents {\n        id\n        purpose\n        given\n        recordedAt\n      }\n      consentHistory {\n        id\n        purpose\n        given\n        recordedAt\n        recordedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": typeof types.MyPrivacyDocument,
    "\n  mutation RecordMyConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n      purpose\n      given\n    }\n  }\n": typeof types.RecordMyConsentDocument,
    "\n  mutation UpdateMyContact($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n    }\n  }\n": typeof types.UpdateMyContactDocument,
    "\n  mutation ExportMyData {\n    exportMyData\n  }\n": typeof types.ExportMyDataDocument,
    "\n  fragment ReferralTimeline on Referral {\n    id\n    status\n    reason\n    urgency\n    details\n    outcome\n    consentId\n    lawfulBasis\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    checkInId\n    resident {\n      id\n      displayName\n    }\n    partner {\n      id\n      name\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ReferralTimelineFragmentDoc,
    "\n  query ReferralTimeline($id: ID!) {\n    referral(id: $id) {\n      ...ReferralTimeline\n    }\n  }\n": typeof types.ReferralTimelineDocument,
    "\n  subscription ReferralUpdated($referralId: ID!) {\n    referralUpdated(referralId: $referralId) {\n      ...ReferralTimeline\n    }\n  }\n": typeof types.ReferralUpdatedDocument,
    "\n  query NewReferral($subjectId: ID!) {\n    node(id: $subjectId) {\n      ... on Person {\n        id\n        displayName\n        consents {\n          id\n          purpose\n          given\n          recordedAt\n        }\n      }\n      ... on CheckIn {\n        id\n        dueAt\n        outcome\n        concerns\n        notes\n        group {\n          id\n          name\n        }\n        volunteer {\n          id\n          displayName\n        }\n        resident {\n          id\n          displayName\n          consents {\n            id\n            purpose\n            given\n            recordedAt\n          }\n        }\n      }\n    }\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          acceptedReferralReasons\n        }\n      }\n    }\n  }\n": typeof types.NewReferralDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      partner {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateReferralDocument,
    "\n  fragment ReferralCard on Referral {\n    id\n    reason\n    urgency\n    status\n    details\n    outcome\n    createdAt\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    resident {\n      id\n      displayName\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ReferralCardFragmentDoc,
    "\n  query PartnerQueue($partnerGroupId: ID!, $after: String) {\n    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ReferralCard\n        }\n      }\n    }\n  }\n": typeof types.PartnerQueueDocument,
    "\n  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {\n    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {\n      ...ReferralCard\n    }\n  }\n": typeof types.UpdateReferralStatusDocument,
    "\n  query Resident($id: ID!) {\n    node(id: $id) {\n      ... on Person {\n        id\n        displayName\n        email\n        residentProfile {\n          area\n          whatMatters\n          needs\n          riskEnablement\n        }\n        consents {\n          id\n          purpose\n          given\n          note\n          recordedAt\n          recordedBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n    checkInPlans(residentId: $id) {\n      id\n      status\n      recurrence\n      firstDueAt\n      channel\n      group {\n        id\n        name\n      }\n      volunteer {\n        id\n        displayName\n      }\n      backupVolunteer {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.ResidentDocument,
    "\n  query PlanMembers($groupId: ID!) {\n    group(id: $groupId) {\n      id\n      name\n      members(status: ACTIVE, first: 100) {\n        edges {\n          node {\n            id\n            role\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.PlanMembersDocument,
    "\n  mutation CreateCheckInPlan($input: CreateCheckInPlanInput!) {\n    createCheckInPlan(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.CreateCheckInPlanDocument,
    "\n  mutation RequestHelpOnBehalf($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n      category\n    }\n  }\n": typeof types.RequestHelpOnBehalfDocument,
    "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n": typeof types.RecordConsentDocument,
    "\n  query GroupResidents($groupId: ID!, $after: String) {\n    residents(groupId: $groupId, first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          email\n          residentProfile {\n            area\n          }\n        }\n      }\n    }\n  }\n": typeof types.GroupResidentsDocument,
    "\n  mutation CreateResident($input: CreateResidentInput!) {\n    createResident(input: $input) {\n      id\n      displayName\n    }\n  }\n": typeof types.CreateResidentDocument,
    "\n  query Roster($id: ID!) {\n    node(id: $id) {\n      ... on Shift {\n        id\n        title\n        startsAt\n        endsAt\n        location\n        places\n        confirmedCount\n        waitlistCount\n        status\n        group {\n          id\n          name\n        }\n        activity {\n          id\n          title\n        }\n        signups(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              status\n              attendedMinutes\n              createdAt\n              volunteer {\n                id\n                displayName\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.RosterDocument,
    "\n  mutation RecordShiftAttendance($signupId: ID!, $minutes: Int!) {\n    recordShiftAttendance(signupId: $signupId, minutes: $minutes) {\n      id\n      status\n      attendedMinutes\n    }\n  }\n": typeof types.RecordShiftAttendanceDocument,
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
    "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      residentProfile {\n        area\n      }\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $newPassword: String!) {\n    resetPassword(token: $token, newPassword: $newPassword)\n  }\n": types.ResetPasswordDocument,
    "\n  query ActivityPage($id: ID!) {\n    activity(id: $id) {\n      id\n      title\n      description\n      category\n      location\n      accessibility\n      costPence\n      minAge\n      maxAge\n      capacity\n      status\n      cancelReason\n      recurrence\n      allDay\n      group {\n        id\n        name\n      }\n      occurrences(first: 8) {\n        startsAt\n        endsAt\n        bookedCount\n        placesLeft\n      }\n    }\n  }\n": types.ActivityPageDocument,
    "\n  query ActivityPageBookings($after: String) {\n    myBookings(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ActivityPageBookingsDocument,
    "\n  mutation ActivityPageBook($activityId: ID!, $occurrenceStartsAt: DateTime!) {\n    bookActivity(activityId: $activityId, occurrenceStartsAt: $occurrenceStartsAt) {\n      id\n      status\n      occurrenceStartsAt\n      occurrenceEndsAt\n    }\n  }\n": types.ActivityPageBookDocument,
    "\n  mutation ActivityPageCancelBooking($bookingId: ID!) {\n    cancelBooking(bookingId: $bookingId) {\n      id\n      status\n      occurrenceStartsAt\n    }\n  }\n": types.ActivityPageCancelBookingDocument,
    "\n  mutation RequestHelp($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n    }\n  }\n": types.RequestHelpDocument,
    "\n  fragment CheckInCard on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    suggestedNextSteps\n    minutes\n    notes\n    channel\n    recordedAt\n    escalationStep\n    resolvedAt\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n    }\n    group {\n      id\n      name\n    }\n  }\n": types.CheckInCardFragmentDoc,
    "\n  query MyCheckIns($after: String) {\n    me {\n      id\n    }\n    myCheckIns(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...CheckInCard\n        }\n      }\n    }\n  }\n": types.MyCheckInsDocument,
    "\n  mutation RecordCheckIn($input: RecordCheckInInput!) {\n    recordCheckIn(input: $input) {\n      ...CheckInCard\n    }\n  }\n": types.RecordCheckInDocument,
    "\n  fragment DashboardCheckIn on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    notes\n    channel\n    missedAt\n    escalationStep\n    nextEscalationAt\n    resolvedAt\n    resolutionNote\n    plan {\n      id\n      riskLevel\n    }\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n    events {\n      kind\n      step\n      audience\n      recipientName\n      channel\n      detail\n      at\n    }\n  }\n": types.DashboardCheckInFragmentDoc,
    "\n  query OverdueCheckIns($after: String) {\n    overdueCheckIns(first: 25, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...DashboardCheckIn\n        }\n      }\n    }\n  }\n": types.OverdueCheckInsDocument,
    "\n  subscription CheckInEscalated($groupId: ID!) {\n    checkInEscalated(groupId: $groupId) {\n      ...DashboardCheckIn\n    }\n  }\n": types.CheckInEscalatedDocument,
    "\n  mutation ResolveEscalation($checkInId: ID!, $note: String!) {\n    resolveCheckInEscalation(checkInId: $checkInId, note: $note) {\n      ...DashboardCheckIn\n    }\n  }\n": types.ResolveEscalationDocument,
    "\n  query DirectoryServices(\n    $search: String\n    $category: String\n    $near: GeoFilter\n    $nearPostcode: PostcodeFilter\n    $day: DayOfWeek\n    $first: Int\n    $after: String\n  ) {\n    services(\n      search: $search\n      category: $category\n      near: $near\n      nearPostcode: $nearPostcode\n      day: $day\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          distanceKm\n          group {\n            id\n            name\n          }\n          nextDates(first: 1) {\n            startsAt\n            endsAt\n          }\n          activity {\n            id\n            title\n            category\n            location\n            costPence\n            recurrence\n          }\n        }\n      }\n    }\n  }\n": types.DirectoryServicesDocument,
    "\n  query DirectoryMyBookings {\n    myBookings(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n": types.DirectoryMyBookingsDocument,
    "\n  query GroupPage($id: ID!, $shiftsFrom: DateTime) {\n    group(id: $id) {\n      id\n      name\n      kind\n      area\n      joinPolicy\n      memberCount\n      myMembership {\n        id\n        role\n        status\n      }\n      members(status: PENDING, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            createdAt\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n    groupActivities(groupId: $id, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          status\n          recurrence\n          startsAt\n          endsAt\n        }\n      }\n    }\n    upcomingShifts(groupId: $id, from: $shiftsFrom, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          places\n          confirmedCount\n          waitlistCount\n          status\n        }\n      }\n    }\n  }\n": types.GroupPageDocument,
    "\n  mutation DecideMembership($membershipId: ID!, $approve: Boolean!) {\n    decideMembership(membershipId: $membershipId, approve: $approve) {\n      id\n      status\n    }\n  }\n": types.DecideMembershipDocument,
    "\n  mutation PublishDraft($id: ID!) {\n    publishActivity(id: $id) {\n      id\n      status\n    }\n  }\n": types.PublishDraftDocument,
    "\n  mutation ImportGroupCalendar($groupId: ID!, $ics: String!) {\n    importGroupCalendar(groupId: $groupId, ics: $ics) {\n      created {\n        id\n        title\n      }\n      updated {\n        id\n        title\n      }\n      unchanged {\n        id\n      }\n      skipped {\n        summary\n        line\n        reason\n      }\n    }\n  }\n": types.ImportGroupCalendarDocument,
    "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateGroupDocument,
    "\n  query HelpNearbyProfile {\n    me {\n      id\n      volunteerProfile {\n        travelRadiusKm\n        location {\n          latitude\n          longitude\n        }\n      }\n    }\n  }\n": types.HelpNearbyProfileDocument,
    "\n  query HelpNearbyRequests($near: GeoFilter, $category: String, $first: Int, $after: String) {\n    openHelpRequests(near: $near, category: $category, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          category\n          urgency\n          description\n          homeVisit\n          requiredSkills\n          preferredTimes {\n            startsAt\n            endsAt\n          }\n          group {\n            id\n            name\n          }\n          residentFirstName\n          area\n          roughDistanceKm\n        }\n      }\n    }\n  }\n": types.HelpNearbyRequestsDocument,
    "\n  mutation HelpNearbyOffer($helpRequestId: ID!) {\n    offerHelp(helpRequestId: $helpRequestId) {\n      id\n      status\n    }\n  }\n": types.HelpNearbyOfferDocument,
    "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.MyHoursDocument,
    "\n  fragment MyCheckInPlan on CheckInPlan {\n    id\n    status\n    recurrence\n    firstDueAt\n    channel\n    pausedUntil\n    endedAt\n    volunteer {\n      id\n      displayName\n    }\n    backupVolunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n  }\n": types.MyCheckInPlanFragmentDoc,
    "\n  query MyCheckInSchedule {\n    me {\n      id\n    }\n    checkInPlans {\n      ...MyCheckInPlan\n    }\n    myCheckIns(first: 100) {\n      edges {\n        node {\n          id\n          dueAt\n          status\n          channel\n          resident {\n            id\n          }\n          volunteer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n": types.MyCheckInScheduleDocument,
    "\n  mutation PauseCheckInPlan($planId: ID!, $until: Date) {\n    pauseCheckInPlan(planId: $planId, until: $until) {\n      ...MyCheckInPlan\n    }\n  }\n": types.PauseCheckInPlanDocument,
    "\n  mutation ResumeCheckInPlan($planId: ID!) {\n    resumeCheckInPlan(planId: $planId) {\n      ...MyCheckInPlan\n    }\n  }\n": types.ResumeCheckInPlanDocument,
    "\n  fragment MyHelpRequest on HelpRequest {\n    id\n    status\n    category\n    urgency\n    description\n    createdAt\n    preferredTimes {\n      startsAt\n      endsAt\n    }\n    group {\n      id\n      name\n    }\n    assignedVolunteer {\n      id\n      displayName\n    }\n    minutes\n    cancelReason\n  }\n": types.MyHelpRequestFragmentDoc,
    "\n  query MyHelpRequests($after: String) {\n    myHelpRequests(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...MyHelpRequest\n        }\n      }\n    }\n  }\n": types.MyHelpRequestsDocument,
    "\n  mutation CancelHelpRequest($helpRequestId: ID!, $reason: String!) {\n    cancelHelpRequest(helpRequestId: $helpRequestId, reason: $reason) {\n      ...MyHelpRequest\n    }\n  }\n": types.CancelHelpRequestDocument,
    "\n  fragment MyOutcomeSurvey on OutcomeSurvey {\n    id\n    period\n    onBehalf\n    controlOverDailyLife\n    socialContact\n    feelingSafe\n    findingInformation\n    qualityOfLife\n    submittedAt\n  }\n": types.MyOutcomeSurveyFragmentDoc,
    "\n  query OutcomeSurveyPage {\n    me {\n      id\n      residentProfile {\n        area\n      }\n    }\n    latestOutcomeSurvey {\n      ...MyOutcomeSurvey\n    }\n  }\n": types.OutcomeSurveyPageDocument,
    "\n  mutation SubmitOutcomeSurvey($input: OutcomeSurveyInput!) {\n    submitOutcomeSurvey(input: $input) {\n      ...MyOutcomeSurvey\n    }\n  }\n": types.SubmitOutcomeSurveyDocument,
    "\n  fragment PostedActivity on Activity {\n    id\n    title\n    status\n    recurrence\n    startsAt\n    endsAt\n    location\n    group {\n      id\n      name\n    }\n    occurrences(first: 30) {\n      startsAt\n      endsAt\n    }\n  }\n": types.PostedActivityFragmentDoc,
    "\n  mutation CreateActivity($input: CreateActivityInput!) {\n    createActivity(input: $input) {\n      ...PostedActivity\n    }\n  }\n": types.CreateActivityDocument,
    "\n  mutation PublishActivity($id: ID!) {\n    publishActivity(id: $id) {\n      ...PostedActivity\n    }\n  }\n": types.PublishActivityDocument,
    "\n  query ActivityForShifts($id: ID!) {\n    activity(id: $id) {\n      ...PostedActivity\n    }\n  }\n": types.ActivityForShiftsDocument,
    "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      name\n    }\n  }\n": types.GroupNameDocument,
    "\n  mutation CreateShift($input: CreateShiftInput!) {\n    createShift(input: $input) {\n      id\n      title\n      startsAt\n      endsAt\n      places\n    }\n  }\n": types.CreateShiftDocument,
    "\n  query MyPrivacy {\n    me {\n      id\n      displayName\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n      residentProfile {\n        area\n      }\n      consents {\n        id\n        purpose\n        given\n        recordedAt\n      }\n      consentHistory {\n        id\n        purpose\n        given\n        recordedAt\n        recordedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n": types.MyPrivacyDocument,
    "\n  mutation RecordMyConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n      purpose\n      given\n    }\n  }\n": types.RecordMyConsentDocument,
    "\n  mutation UpdateMyContact($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n    }\n  }\n": types.UpdateMyContactDocument,
    "\n  mutation ExportMyData {\n    exportMyData\n  }\n": types.ExportMyDataDocument,
    "\n  fragment ReferralTimeline on Referral {\n    id\n    status\n    reason\n    urgency\n    details\n    outcome\n    consentId\n    lawfulBasis\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    checkInId\n    resident {\n      id\n      displayName\n    }\n    partner {\n      id\n      name\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": types.ReferralTimelineFragmentDoc,
    "\n  query ReferralTimeline($id: ID!) {\n    referral(id: $id) {\n      ...ReferralTimeline\n    }\n  }\n": types.ReferralTimelineDocument,
    "\n  subscription ReferralUpdated($referralId: ID!) {\n    referralUpdated(referralId: $referralId) {\n      ...ReferralTimeline\n    }\n  }\n": types.ReferralUpdatedDocument,
    "\n  query NewReferral($subjectId: ID!) {\n    node(id: $subjectId) {\n      ... on Person {\n        id\n        displayName\n        consents {\n          id\n          purpose\n          given\n          recordedAt\n        }\n      }\n      ... on CheckIn {\n        id\n        dueAt\n        outcome\n        concerns\n        notes\n        group {\n          id\n          name\n        }\n        volunteer {\n          id\n          displayName\n        }\n        resident {\n          id\n          displayName\n          consents {\n            id\n            purpose\n            given\n            recordedAt\n          }\n        }\n      }\n    }\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          acceptedReferralReasons\n        }\n      }\n    }\n  }\n": types.NewReferralDocument,
    "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      partner {\n        id\n        name\n      }\n    }\n  }\n": types.CreateReferralDocument,
    "\n  fragment ReferralCard on Referral {\n    id\n    reason\n    urgency\n    status\n    details\n    outcome\n    createdAt\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    resident {\n      id\n      displayName\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n": types.ReferralCardFragmentDoc,
    "\n  query PartnerQueue($partnerGroupId: ID!, $after: String) {\n    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...ReferralCard\n        }\n      }\n    }\n  }\n": types.PartnerQueueDocument,
    "\n  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {\n    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {\n      ...ReferralCard\n    }\n  }\n": types.UpdateReferralStatusDocument,
    "\n  query Resident($id: ID!) {\n    node(id: $id) {\n      ... on Person {\n        id\n        displayName\n        email\n        residentProfile {\n          area\n          whatMatters\n          needs\n          riskEnablement\n        }\n        consents {\n          id\n          purpose\n          given\n          note\n          recordedAt\n          recordedBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n    checkInPlans(residentId: $id) {\n      id\n      status\n      recurrence\n      firstDueAt\n      channel\n      group {\n        id\n        name\n      }\n      volunteer {\n        id\n        displayName\n      }\n      backupVolunteer {\n        id\n        displayName\n      }\n    }\n  }\n": types.ResidentDocument,
    "\n  query PlanMembers($groupId: ID!) {\n    group(id: $groupId) {\n      id\n      name\n      members(status: ACTIVE, first: 100) {\n        edges {\n          node {\n            id\n            role\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.PlanMembersDocument,
    "\n  mutation CreateCheckInPlan($input: CreateCheckInPlanInput!) {\n    createCheckInPlan(input: $input) {\n      id\n      status\n    }\n  }\n": types.CreateCheckInPlanDocument,
    "\n  mutation RequestHelpOnBehalf($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n      category\n    }\n  }\n": types.RequestHelpOnBehalfDocument,
    "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n": types.RecordConsentDocument,
    "\n  query GroupResidents($groupId: ID!, $after: String) {\n    residents(groupId: $groupId, first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          email\n          residentProfile {\n            area\n          }\n        }\n      }\n    }\n  }\n": types.GroupResidentsDocument,
    "\n  mutation CreateResident($input: CreateResidentInput!) {\n    createResident(input: $input) {\n      id\n      displayName\n    }\n  }\n": types.CreateResidentDocument,
    "\n  query Roster($id: ID!) {\n    node(id: $id) {\n      ... on Shift {\n        id\n        title\n        startsAt\n        endsAt\n        location\n        places\n        confirmedCount\n        waitlistCount\n        status\n        group {\n          id\n          name\n        }\n        activity {\n          id\n          title\n        }\n        signups(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              status\n              attendedMinutes\n              createdAt\n              volunteer {\n                id\n                displayName\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": types.RosterDocument,
    "\n  mutation RecordShiftAttendance($signupId: ID!, $minutes: Int!) {\n    recordShiftAttendance(signupId: $signupId, minutes: $minutes) {\n      id\n      status\n      attendedMinutes\n    }\n  }\n": types.RecordShiftAttendanceDocument,
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
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      displayName\n      email\n      isAdmin\n      residentProfile {\n        area\n      }\n      memberships {\n        id\n        role\n        status\n        group {\n          id\n          name\n          kind\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
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
export function graphql(source: "\n  query ActivityPage($id: ID!) {\n    activity(id: $id) {\n      id\n      title\n      description\n      category\n      location\n      accessibility\n      costPence\n      minAge\n      maxAge\n      capacity\n      status\n      cancelReason\n      recurrence\n      allDay\n      group {\n        id\n        name\n      }\n      occurrences(first: 8) {\n        startsAt\n        endsAt\n        bookedCount\n        placesLeft\n      }\n    }\n  }\n"): typeof import('./graphql').ActivityPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityPageBookings($after: String) {\n    myBookings(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ActivityPageBookingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivityPageBook($activityId: ID!, $occurrenceStartsAt: DateTime!) {\n    bookActivity(activityId: $activityId, occurrenceStartsAt: $occurrenceStartsAt) {\n      id\n      status\n      occurrenceStartsAt\n      occurrenceEndsAt\n    }\n  }\n"): typeof import('./graphql').ActivityPageBookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivityPageCancelBooking($bookingId: ID!) {\n    cancelBooking(bookingId: $bookingId) {\n      id\n      status\n      occurrenceStartsAt\n    }\n  }\n"): typeof import('./graphql').ActivityPageCancelBookingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestHelp($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').RequestHelpDocument;
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
export function graphql(source: "\n  fragment DashboardCheckIn on CheckIn {\n    id\n    dueAt\n    overdueAt\n    status\n    outcome\n    concerns\n    notes\n    channel\n    missedAt\n    escalationStep\n    nextEscalationAt\n    resolvedAt\n    resolutionNote\n    plan {\n      id\n      riskLevel\n    }\n    resident {\n      id\n      displayName\n    }\n    volunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n    events {\n      kind\n      step\n      audience\n      recipientName\n      channel\n      detail\n      at\n    }\n  }\n"): typeof import('./graphql').DashboardCheckInFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OverdueCheckIns($after: String) {\n    overdueCheckIns(first: 25, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...DashboardCheckIn\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').OverdueCheckInsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CheckInEscalated($groupId: ID!) {\n    checkInEscalated(groupId: $groupId) {\n      ...DashboardCheckIn\n    }\n  }\n"): typeof import('./graphql').CheckInEscalatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveEscalation($checkInId: ID!, $note: String!) {\n    resolveCheckInEscalation(checkInId: $checkInId, note: $note) {\n      ...DashboardCheckIn\n    }\n  }\n"): typeof import('./graphql').ResolveEscalationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryServices(\n    $search: String\n    $category: String\n    $near: GeoFilter\n    $nearPostcode: PostcodeFilter\n    $day: DayOfWeek\n    $first: Int\n    $after: String\n  ) {\n    services(\n      search: $search\n      category: $category\n      near: $near\n      nearPostcode: $nearPostcode\n      day: $day\n      first: $first\n      after: $after\n    ) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          distanceKm\n          group {\n            id\n            name\n          }\n          nextDates(first: 1) {\n            startsAt\n            endsAt\n          }\n          activity {\n            id\n            title\n            category\n            location\n            costPence\n            recurrence\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DirectoryServicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DirectoryMyBookings {\n    myBookings(first: 20) {\n      totalCount\n      edges {\n        node {\n          id\n          occurrenceStartsAt\n          occurrenceEndsAt\n          activity {\n            id\n            title\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').DirectoryMyBookingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupPage($id: ID!, $shiftsFrom: DateTime) {\n    group(id: $id) {\n      id\n      name\n      kind\n      area\n      joinPolicy\n      memberCount\n      myMembership {\n        id\n        role\n        status\n      }\n      members(status: PENDING, first: 50) {\n        totalCount\n        edges {\n          node {\n            id\n            createdAt\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n    groupActivities(groupId: $id, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          status\n          recurrence\n          startsAt\n          endsAt\n        }\n      }\n    }\n    upcomingShifts(groupId: $id, from: $shiftsFrom, first: 50) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          startsAt\n          endsAt\n          places\n          confirmedCount\n          waitlistCount\n          status\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').GroupPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideMembership($membershipId: ID!, $approve: Boolean!) {\n    decideMembership(membershipId: $membershipId, approve: $approve) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').DecideMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishDraft($id: ID!) {\n    publishActivity(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').PublishDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportGroupCalendar($groupId: ID!, $ics: String!) {\n    importGroupCalendar(groupId: $groupId, ics: $ics) {\n      created {\n        id\n        title\n      }\n      updated {\n        id\n        title\n      }\n      unchanged {\n        id\n      }\n      skipped {\n        summary\n        line\n        reason\n      }\n    }\n  }\n"): typeof import('./graphql').ImportGroupCalendarDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGroup($input: CreateGroupInput!) {\n    createGroup(input: $input) {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').CreateGroupDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HelpNearbyProfile {\n    me {\n      id\n      volunteerProfile {\n        travelRadiusKm\n        location {\n          latitude\n          longitude\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').HelpNearbyProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HelpNearbyRequests($near: GeoFilter, $category: String, $first: Int, $after: String) {\n    openHelpRequests(near: $near, category: $category, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          status\n          category\n          urgency\n          description\n          homeVisit\n          requiredSkills\n          preferredTimes {\n            startsAt\n            endsAt\n          }\n          group {\n            id\n            name\n          }\n          residentFirstName\n          area\n          roughDistanceKm\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').HelpNearbyRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation HelpNearbyOffer($helpRequestId: ID!) {\n    offerHelp(helpRequestId: $helpRequestId) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').HelpNearbyOfferDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyHours {\n    me {\n      id\n      displayName\n      timeAccount {\n        id\n        balanceMinutes\n        givenMinutes\n        receivedMinutes\n        lowerLimitMinutes\n        transfers(first: 50) {\n          totalCount\n          edges {\n            node {\n              id\n              kind\n              minutes\n              change\n              reason\n              payerName\n              payeeName\n              createdAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyHoursDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MyCheckInPlan on CheckInPlan {\n    id\n    status\n    recurrence\n    firstDueAt\n    channel\n    pausedUntil\n    endedAt\n    volunteer {\n      id\n      displayName\n    }\n    backupVolunteer {\n      id\n      displayName\n    }\n    group {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').MyCheckInPlanFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCheckInSchedule {\n    me {\n      id\n    }\n    checkInPlans {\n      ...MyCheckInPlan\n    }\n    myCheckIns(first: 100) {\n      edges {\n        node {\n          id\n          dueAt\n          status\n          channel\n          resident {\n            id\n          }\n          volunteer {\n            id\n            displayName\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyCheckInScheduleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseCheckInPlan($planId: ID!, $until: Date) {\n    pauseCheckInPlan(planId: $planId, until: $until) {\n      ...MyCheckInPlan\n    }\n  }\n"): typeof import('./graphql').PauseCheckInPlanDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeCheckInPlan($planId: ID!) {\n    resumeCheckInPlan(planId: $planId) {\n      ...MyCheckInPlan\n    }\n  }\n"): typeof import('./graphql').ResumeCheckInPlanDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MyHelpRequest on HelpRequest {\n    id\n    status\n    category\n    urgency\n    description\n    createdAt\n    preferredTimes {\n      startsAt\n      endsAt\n    }\n    group {\n      id\n      name\n    }\n    assignedVolunteer {\n      id\n      displayName\n    }\n    minutes\n    cancelReason\n  }\n"): typeof import('./graphql').MyHelpRequestFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyHelpRequests($after: String) {\n    myHelpRequests(first: 50, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          ...MyHelpRequest\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyHelpRequestsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelHelpRequest($helpRequestId: ID!, $reason: String!) {\n    cancelHelpRequest(helpRequestId: $helpRequestId, reason: $reason) {\n      ...MyHelpRequest\n    }\n  }\n"): typeof import('./graphql').CancelHelpRequestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MyOutcomeSurvey on OutcomeSurvey {\n    id\n    period\n    onBehalf\n    controlOverDailyLife\n    socialContact\n    feelingSafe\n    findingInformation\n    qualityOfLife\n    submittedAt\n  }\n"): typeof import('./graphql').MyOutcomeSurveyFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OutcomeSurveyPage {\n    me {\n      id\n      residentProfile {\n        area\n      }\n    }\n    latestOutcomeSurvey {\n      ...MyOutcomeSurvey\n    }\n  }\n"): typeof import('./graphql').OutcomeSurveyPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitOutcomeSurvey($input: OutcomeSurveyInput!) {\n    submitOutcomeSurvey(input: $input) {\n      ...MyOutcomeSurvey\n    }\n  }\n"): typeof import('./graphql').SubmitOutcomeSurveyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostedActivity on Activity {\n    id\n    title\n    status\n    recurrence\n    startsAt\n    endsAt\n    location\n    group {\n      id\n      name\n    }\n    occurrences(first: 30) {\n      startsAt\n      endsAt\n    }\n  }\n"): typeof import('./graphql').PostedActivityFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateActivity($input: CreateActivityInput!) {\n    createActivity(input: $input) {\n      ...PostedActivity\n    }\n  }\n"): typeof import('./graphql').CreateActivityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishActivity($id: ID!) {\n    publishActivity(id: $id) {\n      ...PostedActivity\n    }\n  }\n"): typeof import('./graphql').PublishActivityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityForShifts($id: ID!) {\n    activity(id: $id) {\n      ...PostedActivity\n    }\n  }\n"): typeof import('./graphql').ActivityForShiftsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupName($id: ID!) {\n    group(id: $id) {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql').GroupNameDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateShift($input: CreateShiftInput!) {\n    createShift(input: $input) {\n      id\n      title\n      startsAt\n      endsAt\n      places\n    }\n  }\n"): typeof import('./graphql').CreateShiftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPrivacy {\n    me {\n      id\n      displayName\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n      residentProfile {\n        area\n      }\n      consents {\n        id\n        purpose\n        given\n        recordedAt\n      }\n      consentHistory {\n        id\n        purpose\n        given\n        recordedAt\n        recordedBy {\n          id\n          displayName\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyPrivacyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordMyConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n      purpose\n      given\n    }\n  }\n"): typeof import('./graphql').RecordMyConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyContact($input: UpdateProfileInput!) {\n    updateMyProfile(input: $input) {\n      id\n      contactChannel\n      language\n      accessibilityNeeds\n      doNotContact\n    }\n  }\n"): typeof import('./graphql').UpdateMyContactDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExportMyData {\n    exportMyData\n  }\n"): typeof import('./graphql').ExportMyDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReferralTimeline on Referral {\n    id\n    status\n    reason\n    urgency\n    details\n    outcome\n    consentId\n    lawfulBasis\n    sentAt\n    acknowledgeBy\n    acknowledgedAt\n    acknowledgementOverdue\n    checkInId\n    resident {\n      id\n      displayName\n    }\n    partner {\n      id\n      name\n    }\n    referringGroup {\n      id\n      name\n    }\n    referrer {\n      id\n      displayName\n    }\n    timeline {\n      fromStatus\n      toStatus\n      note\n      at\n      actor {\n        id\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql').ReferralTimelineFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReferralTimeline($id: ID!) {\n    referral(id: $id) {\n      ...ReferralTimeline\n    }\n  }\n"): typeof import('./graphql').ReferralTimelineDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ReferralUpdated($referralId: ID!) {\n    referralUpdated(referralId: $referralId) {\n      ...ReferralTimeline\n    }\n  }\n"): typeof import('./graphql').ReferralUpdatedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewReferral($subjectId: ID!) {\n    node(id: $subjectId) {\n      ... on Person {\n        id\n        displayName\n        consents {\n          id\n          purpose\n          given\n          recordedAt\n        }\n      }\n      ... on CheckIn {\n        id\n        dueAt\n        outcome\n        concerns\n        notes\n        group {\n          id\n          name\n        }\n        volunteer {\n          id\n          displayName\n        }\n        resident {\n          id\n          displayName\n          consents {\n            id\n            purpose\n            given\n            recordedAt\n          }\n        }\n      }\n    }\n    groups(first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          acceptedReferralReasons\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').NewReferralDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateReferral($input: CreateReferralInput!) {\n    createReferral(input: $input) {\n      id\n      partner {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').CreateReferralDocument;
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
export function graphql(source: "\n  query Resident($id: ID!) {\n    node(id: $id) {\n      ... on Person {\n        id\n        displayName\n        email\n        residentProfile {\n          area\n          whatMatters\n          needs\n          riskEnablement\n        }\n        consents {\n          id\n          purpose\n          given\n          note\n          recordedAt\n          recordedBy {\n            id\n            displayName\n          }\n        }\n      }\n    }\n    checkInPlans(residentId: $id) {\n      id\n      status\n      recurrence\n      firstDueAt\n      channel\n      group {\n        id\n        name\n      }\n      volunteer {\n        id\n        displayName\n      }\n      backupVolunteer {\n        id\n        displayName\n      }\n    }\n  }\n"): typeof import('./graphql').ResidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlanMembers($groupId: ID!) {\n    group(id: $groupId) {\n      id\n      name\n      members(status: ACTIVE, first: 100) {\n        edges {\n          node {\n            id\n            role\n            person {\n              id\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').PlanMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCheckInPlan($input: CreateCheckInPlanInput!) {\n    createCheckInPlan(input: $input) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').CreateCheckInPlanDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestHelpOnBehalf($input: RequestHelpInput!) {\n    requestHelp(input: $input) {\n      id\n      status\n      category\n    }\n  }\n"): typeof import('./graphql').RequestHelpOnBehalfDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordConsent($input: RecordConsentInput!) {\n    recordConsent(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').RecordConsentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GroupResidents($groupId: ID!, $after: String) {\n    residents(groupId: $groupId, first: 100, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          displayName\n          email\n          residentProfile {\n            area\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').GroupResidentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateResident($input: CreateResidentInput!) {\n    createResident(input: $input) {\n      id\n      displayName\n    }\n  }\n"): typeof import('./graphql').CreateResidentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Roster($id: ID!) {\n    node(id: $id) {\n      ... on Shift {\n        id\n        title\n        startsAt\n        endsAt\n        location\n        places\n        confirmedCount\n        waitlistCount\n        status\n        group {\n          id\n          name\n        }\n        activity {\n          id\n          title\n        }\n        signups(first: 100) {\n          totalCount\n          edges {\n            node {\n              id\n              status\n              attendedMinutes\n              createdAt\n              volunteer {\n                id\n                displayName\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RosterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordShiftAttendance($signupId: ID!, $minutes: Int!) {\n    recordShiftAttendance(signupId: $signupId, minutes: $minutes) {\n      id\n      status\n      attendedMinutes\n    }\n  }\n"): typeof import('./graphql').RecordShiftAttendanceDocument;
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
