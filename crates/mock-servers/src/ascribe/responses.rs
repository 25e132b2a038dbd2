//! `/Responses/{questionKey}`: read, add-only upload, upsert.

use super::*;

pub(crate) fn get_responses(
    s: &State,
    question: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get(&k)) else {
        return app_error("The question does not exist.");
    };
    let include_text = query
        .get("includeText")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let status = query.get("status").map(|v| v.to_ascii_lowercase());
    let responses: Vec<Value> = q
        .responses
        .iter()
        .filter(|r| match status.as_deref() {
            Some("coded") => !r.code_keys.is_empty(),
            Some("uncoded") => r.code_keys.is_empty(),
            _ => true,
        })
        .map(|r| {
            let mut v = json!({"rid": r.rid, "codeKeys": r.code_keys});
            if include_text && let Value::Object(map) = &mut v {
                map.insert("text".into(), json!(r.text));
            }
            v
        })
        .collect();
    ok(json!({ "responses": responses }))
}

pub(crate) fn rid_of(v: &Value) -> Option<String> {
    match v.get("rid")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The keys in `appliedcodes` (lower case: a camelCase `appliedCodes` is
/// ignored, as the real service does).
pub(crate) fn applied_codes(v: &Value) -> Vec<i64> {
    v.get("appliedcodes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

pub(crate) fn add_responses(
    s: &mut State,
    question: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(qk) = question.filter(|k| s.questions.contains_key(k)) else {
        return app_error("The question does not exist.");
    };
    let Some(items) = body.get("responses").and_then(Value::as_array) else {
        return app_error("The request has no responses.");
    };
    if items.len() > MAX_RESPONSES_PER_REQUEST {
        return app_error(format!(
            "At most {MAX_RESPONSES_PER_REQUEST} responses may be sent in one request; got {}.",
            items.len()
        ));
    }
    let mut parsed = Vec::new();
    for item in items {
        let (Some(rid), Some(text)) = (rid_of(item), item.get("verbatim").and_then(Value::as_str))
        else {
            return app_error("Every response needs a rid and a verbatim.");
        };
        parsed.push(ResponseRec {
            rid,
            text: text.to_owned(),
            code_keys: applied_codes(item),
        });
    }
    s.upload_sizes.push(parsed.len());
    let Some(q) = s.questions.get(&qk) else {
        return not_found("question");
    };
    let cb = q.codebook_key;
    let descriptions: BTreeMap<i64, String> =
        leaves(s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default())
            .into_iter()
            .collect();
    let Some(q) = s.questions.get_mut(&qk) else {
        return not_found("question");
    };
    let mut existing: HashSet<String> = q.responses.iter().map(|r| r.rid.clone()).collect();
    let (mut added, mut unchanged, mut coded) = (0, 0, 0);
    let mut added_list = Vec::new();
    for r in parsed {
        if !existing.insert(r.rid.clone()) {
            unchanged += 1;
            continue;
        }
        added += 1;
        if !r.code_keys.is_empty() {
            coded += 1;
        }
        let codes: Vec<Value> = r
            .code_keys
            .iter()
            .map(|k| json!({"codeKey": k, "description": descriptions.get(k)}))
            .collect();
        added_list.push(json!({"rid": r.rid, "codes": codes}));
        q.responses.push(r);
    }
    ok(json!({
        "codebookKey": cb, "responsesAdded": added, "existingResponsesUnchanged": unchanged,
        "responsesCoded": coded, "responsesCodedByTextMatch": 0, "responsesCodedByInputId": 0,
        "responsesCodedByRegex": 0, "addedResponses": added_list,
    }))
}

pub(crate) fn upsert_responses(
    s: &mut State,
    question: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get_mut(&k)) else {
        return app_error("The question does not exist.");
    };
    let Some(items) = body.get("responses").and_then(Value::as_array) else {
        return app_error("The request has no responses.");
    };
    if items.len() > MAX_RESPONSES_PER_REQUEST {
        return app_error(format!(
            "At most {MAX_RESPONSES_PER_REQUEST} responses may be sent in one request."
        ));
    }
    let (mut added, mut updated, mut unchanged, mut coded) = (0, 0, 0, 0);
    for item in items {
        let (Some(rid), Some(text)) = (rid_of(item), item.get("text").and_then(Value::as_str))
        else {
            return app_error("Every response needs a rid and a text.");
        };
        let codes = applied_codes(item);
        if !codes.is_empty() {
            coded += 1;
        }
        match q.responses.iter_mut().find(|r| r.rid == rid) {
            Some(r) if r.text == text && (codes.is_empty() || r.code_keys == codes) => {
                unchanged += 1
            }
            Some(r) => {
                r.text = text.to_owned();
                if !codes.is_empty() {
                    r.code_keys = codes;
                }
                updated += 1;
            }
            None => {
                q.responses.push(ResponseRec {
                    rid,
                    text: text.to_owned(),
                    code_keys: codes,
                });
                added += 1;
            }
        }
    }
    ok(json!({
        "responsesAdded": added, "existingResponsesUpdated": updated,
        "existingResponsesUnchanged": unchanged, "responsesCoded": coded,
    }))
}
