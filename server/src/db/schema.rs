//! The one diesel schema for both backends. Column types are chosen to map to
//! the same diesel types on SQLite and PostgreSQL (BigInt ids, Text, Bool,
//! Integer, Timestamp in UTC). Kept by hand in step with `migrations/`.

diesel::table! {
    people (id) {
        id -> BigInt,
        email -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        display_name -> Text,
        is_admin -> Bool,
        disabled_at -> Nullable<Timestamp>,
        contact_channel -> Text,
        language -> Text,
        accessibility_needs -> Text,
        do_not_contact -> Bool,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        person_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    password_resets (id) {
        id -> BigInt,
        person_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        email -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    groups (id) {
        id -> BigInt,
        name -> Text,
        search_name -> Text,
        kind -> Text,
        description -> Text,
        join_policy -> Text,
        area -> Text,
        contact_email -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        referral_email -> Nullable<Text>,
        accepted_reasons -> Text,
        acknowledge_days -> Integer,
        postcode_area -> Nullable<Text>,
    }
}

diesel::table! {
    postcode_areas (district) {
        district -> Text,
        latitude -> Double,
        longitude -> Double,
    }
}

diesel::table! {
    memberships (id) {
        id -> BigInt,
        group_id -> BigInt,
        person_id -> BigInt,
        role -> Text,
        status -> Text,
        invited_by -> Nullable<BigInt>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        message_id -> Text,
        kind -> Text,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment_type -> Nullable<Text>,
        attachment_body -> Nullable<Text>,
    }
}

diesel::table! {
    job_runs (job, slot) {
        job -> Text,
        slot -> Timestamp,
        instance -> Text,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        subject_type -> Text,
        subject_id -> BigInt,
        detail -> Text,
        at -> Timestamp,
        person_id -> Nullable<BigInt>,
        purpose -> Text,
    }
}

diesel::table! {
    volunteer_profiles (person_id) {
        person_id -> BigInt,
        skills -> Text,
        languages -> Text,
        availability -> Text,
        travel_radius_km -> Nullable<Integer>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vettings (id) {
        id -> BigInt,
        person_id -> BigInt,
        level -> Text,
        reference -> Text,
        issued_on -> Date,
        expires_on -> Nullable<Date>,
        verified_by -> BigInt,
        group_id -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    shifts (id) {
        id -> BigInt,
        group_id -> BigInt,
        activity_id -> Nullable<BigInt>,
        title -> Text,
        description -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        location -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        places -> Integer,
        required_skills -> Text,
        required_vetting -> Text,
        members_only -> Bool,
        waitlist -> Bool,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        sequence -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    shift_signups (id) {
        id -> BigInt,
        shift_id -> BigInt,
        volunteer_id -> BigInt,
        status -> Text,
        queue_position -> BigInt,
        attended_minutes -> Nullable<Integer>,
        attendance_recorded_by -> Nullable<BigInt>,
        attendance_recorded_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vetting_warnings (vetting_id, days) {
        vetting_id -> BigInt,
        days -> Integer,
        sent_at -> Timestamp,
    }
}

diesel::table! {
    calendar_feeds (person_id) {
        person_id -> BigInt,
        token -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    activities (id) {
        id -> BigInt,
        group_id -> BigInt,
        title -> Text,
        description -> Text,
        category -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        all_day -> Bool,
        recurrence -> Nullable<Text>,
        exdates -> Text,
        capacity -> Nullable<Integer>,
        location -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        accessibility -> Text,
        cost_pence -> Integer,
        min_age -> Nullable<Integer>,
        max_age -> Nullable<Integer>,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        sequence -> Integer,
        ical_uid -> Nullable<Text>,
        occurrences_until -> Timestamp,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    activity_occurrences (activity_id, starts_at) {
        activity_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
    }
}

diesel::table! {
    activity_bookings (id) {
        id -> BigInt,
        activity_id -> BigInt,
        occurrence_starts_at -> Timestamp,
        person_id -> BigInt,
        status -> Text,
        booked_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    resident_profiles (person_id) {
        person_id -> BigInt,
        area -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        address -> Text,
        phone -> Text,
        what_matters -> Text,
        needs -> Text,
        risk_enablement -> Text,
        budget_pence -> Nullable<Integer>,
        budget_direct_payment -> Bool,
        updated_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    emergency_contacts (id) {
        id -> BigInt,
        resident_id -> BigInt,
        position -> Integer,
        name -> Text,
        relationship -> Text,
        phone -> Text,
        email -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    consents (id) {
        id -> BigInt,
        resident_id -> BigInt,
        purpose -> Text,
        given -> Bool,
        note -> Text,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    sensitive_reads (id) {
        id -> BigInt,
        reader_id -> BigInt,
        resident_id -> BigInt,
        fields -> Text,
        reason -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    help_requests (id) {
        id -> BigInt,
        resident_id -> BigInt,
        group_id -> BigInt,
        requested_by -> BigInt,
        category -> Text,
        description -> Text,
        notes -> Text,
        urgency -> Text,
        urgency_rank -> Integer,
        preferred_times -> Text,
        last_window_ends_at -> Timestamp,
        status -> Text,
        assigned_volunteer_id -> Nullable<BigInt>,
        assigned_by -> Nullable<BigInt>,
        assigned_at -> Nullable<Timestamp>,
        minutes -> Nullable<Integer>,
        completion_notes -> Nullable<Text>,
        completed_by -> Nullable<BigInt>,
        completed_at -> Nullable<Timestamp>,
        cancel_reason -> Nullable<Text>,
        cancelled_by -> Nullable<BigInt>,
        cancelled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        required_skills -> Text,
        home_visit -> Bool,
    }
}

diesel::table! {
    help_offers (id) {
        id -> BigInt,
        help_request_id -> BigInt,
        volunteer_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    check_in_plans (id) {
        id -> BigInt,
        resident_id -> BigInt,
        group_id -> BigInt,
        volunteer_id -> BigInt,
        backup_volunteer_id -> Nullable<BigInt>,
        recurrence -> Text,
        first_due_at -> Timestamp,
        channel -> Text,
        grace_minutes -> Integer,
        risk_level -> Text,
        risk_rank -> Integer,
        status -> Text,
        paused_until -> Nullable<Date>,
        ended_at -> Nullable<Timestamp>,
        materialised_until -> Timestamp,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    check_ins (id) {
        id -> BigInt,
        plan_id -> BigInt,
        resident_id -> BigInt,
        group_id -> BigInt,
        volunteer_id -> BigInt,
        channel -> Text,
        due_at -> Timestamp,
        overdue_at -> Timestamp,
        remind_at -> Timestamp,
        risk_rank -> Integer,
        status -> Text,
        outcome -> Nullable<Text>,
        concerns -> Text,
        notes -> Text,
        minutes -> Nullable<Integer>,
        recorded_by -> Nullable<BigInt>,
        recorded_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        missed_at -> Nullable<Timestamp>,
        escalation_step -> Integer,
        next_step_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        resolved_by -> Nullable<BigInt>,
        resolution_note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    check_in_events (id) {
        id -> BigInt,
        check_in_id -> BigInt,
        kind -> Text,
        step -> Integer,
        audience -> Text,
        recipient -> Text,
        recipient_name -> Text,
        channel -> Text,
        detail -> Text,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    time_accounts (id) {
        id -> BigInt,
        person_id -> Nullable<BigInt>,
        group_id -> Nullable<BigInt>,
        balance_minutes -> BigInt,
        given_minutes -> BigInt,
        received_minutes -> BigInt,
        lower_limit_minutes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    time_transfers (id) {
        id -> BigInt,
        from_account_id -> BigInt,
        to_account_id -> BigInt,
        minutes -> BigInt,
        kind -> Text,
        reason -> Text,
        recorded_by -> Nullable<BigInt>,
        source_kind -> Nullable<Text>,
        source_id -> Nullable<BigInt>,
        reverses_transfer_id -> Nullable<BigInt>,
        idempotency_key -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    time_entries (id) {
        id -> BigInt,
        transfer_id -> BigInt,
        account_id -> BigInt,
        delta_minutes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    referrals (id) {
        id -> BigInt,
        resident_id -> BigInt,
        partner_group_id -> BigInt,
        referring_group_id -> Nullable<BigInt>,
        referrer_id -> BigInt,
        check_in_id -> Nullable<BigInt>,
        redirected_from_id -> Nullable<BigInt>,
        reason -> Text,
        details -> Text,
        urgency -> Text,
        consent_id -> Nullable<BigInt>,
        lawful_basis -> Nullable<Text>,
        lawful_basis_reasoning -> Text,
        status -> Text,
        outcome -> Text,
        sent_at -> Nullable<Timestamp>,
        acknowledge_by -> Nullable<Timestamp>,
        acknowledged_at -> Nullable<Timestamp>,
        overdue_notified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    referral_events (id) {
        id -> BigInt,
        referral_id -> BigInt,
        actor_id -> Nullable<BigInt>,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    safeguarding_concerns (id) {
        id -> BigInt,
        person_id -> BigInt,
        raised_by -> BigInt,
        category -> Text,
        what_happened -> Text,
        immediate_risk -> Bool,
        status -> Text,
        triage -> Nullable<Text>,
        decision -> Nullable<Text>,
        decision_reasoning -> Text,
        referral_id -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    safeguarding_events (id) {
        id -> BigInt,
        concern_id -> BigInt,
        actor_id -> BigInt,
        kind -> Text,
        note -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    outcome_surveys (id) {
        id -> BigInt,
        resident_id -> BigInt,
        submitted_by -> BigInt,
        area -> Text,
        period -> Text,
        control -> Text,
        social_contact -> Text,
        safety -> Text,
        information -> Text,
        quality_of_life -> Text,
        created_at -> Timestamp,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    outcome_invitations (resident_id, period) {
        resident_id -> BigInt,
        period -> Text,
        channel -> Text,
        invited_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> people (person_id));
diesel::joinable!(outcome_invitations -> people (resident_id));
diesel::joinable!(referral_events -> referrals (referral_id));
diesel::joinable!(safeguarding_events -> safeguarding_concerns (concern_id));
diesel::joinable!(time_entries -> time_transfers (transfer_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(password_resets -> people (person_id));
diesel::joinable!(memberships -> groups (group_id));
diesel::joinable!(memberships -> people (person_id));
diesel::joinable!(shift_signups -> shifts (shift_id));
diesel::joinable!(shift_signups -> people (volunteer_id));
diesel::joinable!(shifts -> groups (group_id));
diesel::joinable!(calendar_feeds -> people (person_id));
diesel::joinable!(activities -> groups (group_id));
diesel::joinable!(resident_profiles -> people (person_id));
diesel::joinable!(activity_occurrences -> activities (activity_id));
diesel::joinable!(activity_bookings -> activities (activity_id));
diesel::joinable!(activity_bookings -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(
    referrals,
    referral_events,
    safeguarding_concerns,
    safeguarding_events,
    outcome_surveys,
    outcome_invitations,
    time_accounts,
    time_transfers,
    time_entries,
    check_in_plans,
    check_ins,
    check_in_events,
    help_requests,
    help_offers,
    resident_profiles,
    emergency_contacts,
    consents,
    sensitive_reads,
    activities,
    activity_occurrences,
    activity_bookings,
    people,
    sessions,
    refresh_tokens,
    password_resets,
    login_failures,
    groups,
    postcode_areas,
    memberships,
    outbox,
    job_runs,
    audit_events,
    volunteer_profiles,
    vettings,
    shifts,
    shift_signups,
    vetting_warnings,
    calendar_feeds,
);
