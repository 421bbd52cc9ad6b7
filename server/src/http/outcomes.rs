//! `GET /outcomes.csv?area=…&from=…&to=…`: the published outcome figures
//! (the same suppressed and rounded figures as `publishedOutcomes`) as an
//! RFC 4180 CSV file, one row per figure.

use poem::http::{header, StatusCode};
use poem::web::Data;
use poem::{handler, IntoResponse, Request, Response};
use serde::Deserialize;

use super::{error_response, HttpState};
use crate::domain::outcomes::{self, Figure, OutcomeReport, ReportRequest};
use crate::error::AppError;

#[derive(Debug, Default, Deserialize)]
struct Params {
    area: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// `GET /outcomes.csv`
#[handler]
pub async fn csv(req: &Request, state: Data<&HttpState>) -> Response {
    let params: Params =
        match serde_urlencoded::from_str(req.uri().query().unwrap_or("")) {
            Ok(p) => p,
            Err(_) => return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "The query string could not be read: use area, from and to (dates as YYYY-MM-DD).",
            ),
        };
    let request = match request(params) {
        Ok(r) => r,
        Err(e) => return refused(&e),
    };
    let now = state.app.clock.now_naive();
    let report = state
        .app
        .db
        .run(move |conn| outcomes::published_outcomes(conn, &request, now))
        .await;
    match report {
        Ok(report) => {
            let filename = filename(&report);
            Response::builder()
                .header(
                    header::CONTENT_TYPE,
                    "text/csv; charset=utf-8; header=present",
                )
                .header(
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                )
                .header(header::CACHE_CONTROL, "public, max-age=300")
                .body(to_csv(&report))
        }
        Err(e) => refused(&e),
    }
}

fn request(params: Params) -> Result<ReportRequest, AppError> {
    let date = |field: &'static str, v: Option<String>| {
        v.filter(|s| !s.trim().is_empty())
            .map(|s| {
                chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                    AppError::validation(
                        field,
                        format!("`{field}` is a date written YYYY-MM-DD, for example 2026-11-23."),
                    )
                })
            })
            .transpose()
    };
    Ok(ReportRequest {
        area: params.area,
        from: date("from", params.from)?,
        to: date("to", params.to)?,
    })
}

/// A refused request: the error as GraphQL would give it (code, and the
/// field for `VALIDATION`).
fn refused(e: &AppError) -> Response {
    let status = match e {
        AppError::Validation { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut extensions = serde_json::json!({ "code": e.code() });
    if let Some(field) = e.field() {
        extensions["field"] = field.into();
    }
    let body =
        serde_json::json!({ "errors": [{ "message": e.to_string(), "extensions": extensions }] });
    poem::web::Json(body).with_status(status).into_response()
}

/// `outcomes-riverside-ward-2026-07-01-to-2026-12-31.csv`
fn filename(report: &OutcomeReport) -> String {
    let mut slug = String::new();
    for c in report.area.as_deref().unwrap_or("all areas").chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "area" } else { slug };
    format!(
        "outcomes-{slug}-{}-to-{}.csv",
        report.from().format("%Y-%m-%d"),
        report.to().format("%Y-%m-%d")
    )
}

/// The columns of the file.
const HEADER: [&str; 10] = [
    "area",
    "from",
    "to",
    "section",
    "measure",
    "answer",
    "text",
    "value",
    "suppressed",
    "share",
];

/// The report as CSV: a header, then one row per published figure.
pub fn to_csv(report: &OutcomeReport) -> String {
    let area = report.area.clone().unwrap_or_default();
    let from = report.from().format("%Y-%m-%d").to_string();
    let to = report.to().format("%Y-%m-%d").to_string();
    let mut out = String::new();
    line(&mut out, &HEADER.map(String::from));
    let mut row = |section: &str, measure: &str, answer: &str, text: &str, f: &Figure| {
        line(
            &mut out,
            &[
                area.clone(),
                from.clone(),
                to.clone(),
                section.to_string(),
                measure.to_string(),
                answer.to_string(),
                text.to_string(),
                f.value.map(|v| v.to_string()).unwrap_or_default(),
                f.suppressed.to_string(),
                f.share.map(|s| s.to_string()).unwrap_or_default(),
            ],
        );
    };
    row(
        "survey",
        "RESPONDENTS",
        "",
        "Residents who answered the survey",
        &report.respondents,
    );
    for q in &report.questions {
        for ((code, wording), f) in q.question.answers().into_iter().zip(&q.answers) {
            row("survey", q.question.as_str(), code, wording, f);
        }
    }
    let s = &report.service;
    for (measure, text, f) in [
        (
            "HOURS_GIVEN",
            "Hours of service given through the time bank",
            &s.hours_given,
        ),
        (
            "CHECK_INS_DUE",
            "Check-ins due with residents",
            &s.check_ins_due,
        ),
        (
            "CHECK_INS_ON_TIME",
            "Check-ins made on time",
            &s.check_ins_on_time,
        ),
        ("CHECK_INS_MISSED", "Check-ins missed", &s.check_ins_missed),
        (
            "CHECK_INS_ESCALATED",
            "Missed check-ins escalated",
            &s.check_ins_escalated,
        ),
        (
            "REFERRALS_SENT",
            "Referrals sent to partners",
            &s.referrals_sent,
        ),
        (
            "REFERRALS_ACKNOWLEDGED_IN_TIME",
            "Referrals acknowledged within the agreed time",
            &s.referrals_acknowledged_in_time,
        ),
        ("RESIDENTS", "Residents", &s.residents),
        (
            "RESIDENTS_GIVING_TIME",
            "Residents who also gave time",
            &s.residents_giving_time,
        ),
    ] {
        row("service", measure, "", text, f);
    }
    out
}

/// One CSV record (RFC 4180): fields with a comma, quote or line break are
/// quoted, quotes doubled; records end with CRLF.
fn line(out: &mut String, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_needed() {
        let mut out = String::new();
        line(
            &mut out,
            &[
                "plain".into(),
                "a, b".into(),
                "say \"hi\"".into(),
                "".into(),
            ],
        );
        assert_eq!(out, "plain,\"a, b\",\"say \"\"hi\"\"\",\r\n");
    }
}
