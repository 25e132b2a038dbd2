//! v2 response routes: batches across a study's questions, deletes.

use super::*;

/// `POST` (add-only) or `PUT` (upsert) `/Responses/{studyKey}/Batch`.
pub(crate) fn batch_responses(
    s: &mut State,
    study: Option<i64>,
    body: &Value,
    upsert: bool,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let groups = array(body, "questionResponses");
    let mut parsed: Vec<(i64, Vec<ResponseRec>)> = Vec::new();
    for g in groups {
        let Some(qk) = g.get("questionKey").and_then(Value::as_i64) else {
            return app_error("Every entry needs a questionKey.");
        };
        if s.questions.get(&qk).is_none_or(|q| q.study_key != study) {
            return app_error(format!("The question {qk} does not belong to the study."));
        }
        let mut rs = Vec::new();
        for item in array(g, "responses") {
            let (Some(rid), Some(text)) = (rid_of(item), str_field(item, "verbatim")) else {
                return app_error("Every response needs a rid and a verbatim.");
            };
            rs.push(ResponseRec {
                rid,
                text: text.to_owned(),
                code_keys: Vec::new(),
            });
        }
        parsed.push((qk, rs));
    }
    let total = parsed.iter().map(|(_, r)| r.len()).sum();
    let kind = if upsert {
        "upsert_responses"
    } else {
        "add_responses"
    };
    if let Err(e) = batch(s, kind, total) {
        return *e;
    }
    let echo = |r: &ResponseRec| json!({"rid": r.rid, "verbatim": r.text, "translation": null, "transcription": null, "notes": null});
    let mut out = Vec::new();
    for (qk, rs) in parsed {
        let Some(q) = s.questions.get_mut(&qk) else {
            continue;
        };
        let (mut added, mut updated, mut unchanged) = (Vec::new(), Vec::new(), Vec::new());
        let mut seen: HashSet<String> = q.responses.iter().map(|r| r.rid.clone()).collect();
        for r in rs {
            if seen.insert(r.rid.clone()) {
                added.push(echo(&r));
                q.responses.push(r);
                continue;
            }
            match q.responses.iter_mut().find(|e| e.rid == r.rid) {
                Some(e) if upsert && e.text != r.text => {
                    e.text = r.text;
                    updated.push(echo(e));
                }
                _ => unchanged.push(echo(&r)),
            }
        }
        out.push(if upsert {
            json!({
                "questionKey": qk, "questionId": q.id, "updatedResponses": updated,
                "addedResponses": added, "unchangedResponses": unchanged, "errorMessage": null,
            })
        } else {
            json!({"questionKey": qk, "questionId": q.id, "addedResponses": added})
        });
    }
    ok(json!({"questionResponses": out}))
}

pub(crate) fn delete_response(s: &mut State, q: Option<i64>, rid: &str) -> ResponseTemplate {
    let Some(q) = q.and_then(|k| s.questions.get_mut(&k)) else {
        return app_error("The question does not exist.");
    };
    let before = q.responses.len();
    q.responses.retain(|r| r.rid != rid);
    if q.responses.len() == before {
        return app_error(format!(
            "The response of respondent '{rid}' does not exist."
        ));
    }
    ok(json!({}))
}

pub(crate) fn delete_responses(s: &mut State, body: &Value) -> ResponseTemplate {
    let groups = array(body, "questionResponses");
    let total = groups.iter().map(|g| array(g, "respondentIDs").len()).sum();
    if let Err(e) = batch(s, "delete_responses", total) {
        return *e;
    }
    let mut results = Vec::new();
    for g in groups {
        let qk = g
            .get("questionKey")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        for rid in array(g, "respondentIDs").iter().filter_map(Value::as_str) {
            let error = match s.questions.get_mut(&qk) {
                None => Some("The question does not exist.".to_owned()),
                Some(q) => {
                    let before = q.responses.len();
                    q.responses.retain(|r| r.rid != rid);
                    (q.responses.len() == before).then(|| "The response does not exist.".to_owned())
                }
            };
            results.push(json!({"questionKey": qk, "respondentID": rid, "errorMessage": error}));
        }
    }
    ok(json!({"questionResponses": results}))
}
