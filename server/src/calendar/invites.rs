//! Calendar invitations sent with shift emails: one event with the same UID
//! as the person's feed, so a calendar that already shows the shift updates
//! or removes it rather than adding a copy.

use chrono::NaiveDateTime;

use super::feeds::shift_uid;
use super::{Calendar, Event};
use crate::domain::shifts::Shift;
use crate::mail::Attachment;

/// What an invitation asks the calendar to do (the iTIP method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add the event, or update it when the SEQUENCE is newer.
    Request,
    /// Remove the event.
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// A one-event calendar for a shift. SEQUENCE is the shift's, which goes up
/// with every change of time or place and on cancellation; DTSTAMP is `now`,
/// so of two messages with the same SEQUENCE (a volunteer who cancels and
/// signs up again) the later one wins.
pub fn shift_invitation(
    shift: &Shift,
    group: &str,
    method: Method,
    public_url: &str,
    now: NaiveDateTime,
) -> Calendar {
    Calendar {
        name: "Kith".into(),
        method: method.as_str(),
        events: vec![Event {
            uid: shift_uid(shift.id, public_url),
            sequence: shift.sequence,
            stamp: now,
            starts: shift.starts_at,
            ends: shift.ends_at,
            summary: format!("{} ({group})", shift.title),
            location: shift.location.clone(),
            description: shift.description.clone(),
            url: Some(format!("{public_url}/shifts/{}", shift.id)),
            cancelled: method == Method::Cancel,
            ..Event::default()
        }],
    }
}

/// The invitation as an email attachment (`text/calendar` with the method
/// in its content type, as iMIP requires).
pub fn shift_attachment(
    shift: &Shift,
    group: &str,
    method: Method,
    public_url: &str,
    now: NaiveDateTime,
) -> Attachment {
    let calendar = shift_invitation(shift, group, method, public_url, now);
    Attachment {
        name: match method {
            Method::Request => "invite.ics".into(),
            Method::Cancel => "cancel.ics".into(),
        },
        content_type: format!("text/calendar; method={}; charset=utf-8", method.as_str()),
        body: calendar.to_ics(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn shift() -> Shift {
        let t = |d, h| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        Shift {
            id: 7,
            group_id: 1,
            activity_id: None,
            title: "Lunch club helpers".into(),
            description: "Serve, chat, wash up".into(),
            starts_at: t(25, 12),
            ends_at: t(25, 14),
            location: "St Mark's Hall".into(),
            latitude: None,
            longitude: None,
            places: 2,
            required_skills: String::new(),
            required_vetting: "NONE".into(),
            members_only: false,
            waitlist: true,
            status: "SCHEDULED".into(),
            cancel_reason: None,
            sequence: 3,
            created_by: 1,
            created_at: t(20, 9),
            updated_at: t(21, 9),
        }
    }

    #[test]
    fn request_and_cancel_share_the_uid() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        let request = shift_attachment(
            &shift(),
            "Lunch Club",
            Method::Request,
            "http://kith.test",
            now,
        );
        assert_eq!(request.name, "invite.ics");
        assert_eq!(
            request.content_type,
            "text/calendar; method=REQUEST; charset=utf-8"
        );
        for line in [
            "METHOD:REQUEST",
            "UID:shift-7@kith.test",
            "SEQUENCE:3",
            "DTSTAMP:20261123T093000Z",
            "DTSTART;TZID=Europe/London:20261125T120000",
            "DTEND;TZID=Europe/London:20261125T140000",
            "SUMMARY:Lunch club helpers (Lunch Club)",
            "URL:http://kith.test/shifts/7",
            "STATUS:CONFIRMED",
        ] {
            assert!(request.body.contains(&format!("{line}\r\n")), "{line}");
        }
        let cancel = shift_attachment(
            &shift(),
            "Lunch Club",
            Method::Cancel,
            "http://kith.test",
            now,
        );
        assert_eq!(cancel.name, "cancel.ics");
        assert_eq!(
            cancel.content_type,
            "text/calendar; method=CANCEL; charset=utf-8"
        );
        for line in [
            "METHOD:CANCEL",
            "UID:shift-7@kith.test",
            "SEQUENCE:3",
            "STATUS:CANCELLED",
        ] {
            assert!(cancel.body.contains(&format!("{line}\r\n")), "{line}");
        }
    }
}
