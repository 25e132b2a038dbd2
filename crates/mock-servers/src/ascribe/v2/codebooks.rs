//! v2 codebook routes: update, delete and batch-add codes.

use super::*;

fn find_code(codes: &mut [CodeRec], key: i64) -> Option<&mut CodeRec> {
    for c in codes {
        if c.key == key {
            return Some(c);
        }
        if let Some(found) = find_code(&mut c.children, key) {
            return Some(found);
        }
    }
    None
}

pub(crate) fn update_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let items = array(body, "codes");
    if let Err(e) = batch(s, "update_codes", items.len()) {
        return *e;
    }
    let mut failed = Vec::new();
    let book = s.codebooks.entry(cb).or_default();
    for item in items {
        let key = item.get("key").and_then(Value::as_i64).unwrap_or_default();
        match find_code(book, key) {
            Some(code) => {
                if let Some(d) = str_field(item, "description") {
                    code.description = d.to_owned();
                }
            }
            None => failed.push(json!({
                "key": key.to_string(),
                "errorMessage": format!("Some error happens during updating of code with key '{key}'.")
            })),
        }
    }
    let mut out = codebook_json(s, cb, true);
    if let Value::Object(map) = &mut out {
        map.insert("failedCodes".into(), json!(failed));
    }
    ok(out)
}

fn remove_code(codes: &mut Vec<CodeRec>, key: i64) -> bool {
    let before = codes.len();
    codes.retain(|c| c.key != key);
    if codes.len() != before {
        return true;
    }
    codes.iter_mut().any(|c| remove_code(&mut c.children, key))
}

pub(crate) fn delete_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let keys: Vec<i64> = array(body, "codeKeys")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    let uncode = body
        .get("uncodeResponses")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if let Err(e) = batch(s, "delete_codes", keys.len()) {
        return *e;
    }
    let (mut deleted, mut kept, mut removed) = (Vec::new(), Vec::new(), Vec::new());
    for key in keys {
        let applied = s
            .questions
            .values()
            .filter(|q| q.codebook_key == cb)
            .any(|q| q.responses.iter().any(|r| r.code_keys.contains(&key)));
        if applied && !uncode {
            kept.push(key);
            continue;
        }
        if applied {
            for q in s.questions.values_mut().filter(|q| q.codebook_key == cb) {
                for r in q
                    .responses
                    .iter_mut()
                    .filter(|r| r.code_keys.contains(&key))
                {
                    r.code_keys.retain(|k| *k != key);
                    removed.push(json!({
                        "questionKey": q.key, "questionId": q.id, "respondentId": r.rid,
                        "codeKey": key, "codeId": null,
                    }));
                }
            }
        }
        let book = s.codebooks.entry(cb).or_default();
        if remove_code(book, key) {
            deleted.push(key);
        } else {
            kept.push(key);
        }
    }
    ok(json!({
        "codeKeysDeleted": deleted, "codeKeysNotDeleted": kept, "codesRemovedFromResponses": removed,
    }))
}

pub(crate) fn add_codes_batch(s: &mut State, body: &Value) -> ResponseTemplate {
    let groups = array(body, "codebooksAndTheirCodes");
    let total = groups.iter().map(|g| array(g, "codes").len()).sum();
    if let Err(e) = batch(s, "add_codes", total) {
        return *e;
    }
    let mut results = Vec::new();
    for g in groups {
        let cb = g
            .get("codebookKey")
            .and_then(Value::as_i64)
            .unwrap_or_default();
        if !s.codebooks.contains_key(&cb) {
            results.push(json!({
                "codebookKey": cb, "codebook": null,
                "errorMessage": format!("The codebook with key '{cb}' does not exist.")
            }));
            continue;
        }
        let codes = new_codes(s, array(g, "codes"));
        s.codebooks.entry(cb).or_default().extend(codes);
        let book = codebook_json(s, cb, true);
        results
            .push(json!({"codebookKey": cb, "codebook": book["codebook"], "errorMessage": null}));
    }
    ok(json!({"codebooksBatch": results}))
}
