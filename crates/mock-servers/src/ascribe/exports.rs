//! `/Exports`: scripts, start a job, poll it.

use super::*;

pub(crate) fn start_export(s: &mut State, body: &Value) -> ResponseTemplate {
    let study = body.get("studyKey").and_then(Value::as_i64);
    if !study.is_some_and(|k| s.studies.contains_key(&k)) {
        return app_error("The study does not exist.");
    }
    if !matches!(body.get("scriptKey").and_then(Value::as_i64), Some(1 | 2)) {
        return app_error("The export script does not exist.");
    }
    let job = s.key();
    s.exports.insert(job, 0);
    ok(json!({ "jobKey": job }))
}

pub(crate) fn poll_export(s: &mut State, job: Option<i64>) -> ResponseTemplate {
    let base = s.base_uri.clone();
    let Some((key, polls)) = job.and_then(|k| s.exports.get_mut(&k).map(|p| (k, p))) else {
        return app_error("The export job does not exist.");
    };
    *polls += 1;
    let (status, uri) = match *polls {
        1 => ("Queued", Value::Null),
        2 => ("Running", Value::Null),
        _ => ("Complete", json!(format!("{base}/files/export-{key}.xlsx"))),
    };
    if is_v2() {
        // v2 sends the DBJobStatus number.
        let number = ["Queued", "Running", "Paused", "Complete"]
            .iter()
            .position(|s| *s == status)
            .unwrap_or(0);
        return ok(json!({"jobKey": key, "status": number, "resultFileUri": uri, "error": null}));
    }
    ok(json!({"status": status, "resultFileUri": uri, "error": null}))
}
pub(crate) fn list_scripts() -> ResponseTemplate {
    ok(json!({"scripts": [
        {"key": 1, "name": "Excel", "description": "Coded responses as a workbook"},
        {"key": 2, "name": "SPSS", "description": "Dichotomous variables"}
    ]}))
}
