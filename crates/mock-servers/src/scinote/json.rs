//! The JSON:API answers and the time formats the mock writes.

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

/// The `YYYY-MM-DDTHH:MM:SS` part of an ISO 8601 time, for comparisons.
pub(super) fn prefix19(t: &str) -> &str {
    t.get(..19).unwrap_or(t)
}

/// Epoch seconds as `YYYY-MM-DDTHH:MM:SS.000Z` (Rails' JSON format).
pub(super) fn iso8601(epoch: u64) -> String {
    let (days, secs) = (epoch / 86_400, epoch % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub(super) fn id_of(resource: &Value) -> String {
    resource["id"].as_str().unwrap_or_default().to_owned()
}

/// A JSON:API error answer.
pub(super) fn errors(status: u16, title: &str, detail: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/vnd.api+json")
        .set_body_json(json!({"errors": [{
            "id": format!("req-{status}-{:x}", detail.len() * 7919),
            "status": status, "title": title, "detail": detail
        }]}))
}

pub(super) fn document(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/vnd.api+json")
        .set_body_json(body)
}
