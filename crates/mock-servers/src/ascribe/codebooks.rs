//! `/Codebooks`: read flat or as a tree, replace, add codes.

use super::*;

pub(crate) fn code_json(c: &CodeRec) -> Value {
    if is_v2() && c.children.is_empty() {
        // v2 sends `children: null` for a code.
        return json!({
            "key": c.key, "description": c.description, "inputId": null, "outputId": null,
            "regexPattern": null, "color": null, "children": null,
        });
    }
    json!({
        "key": c.key, "description": c.description, "inputId": null, "outputId": null,
        "regexPattern": null, "color": null,
        "children": c.children.iter().map(code_json).collect::<Vec<_>>(),
    })
}

pub(crate) fn codebook_json(s: &State, cb: i64, tree: bool) -> Value {
    let codes = s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default();
    let list: Vec<Value> = if tree {
        codes.iter().map(code_json).collect()
    } else {
        leaves(codes)
            .into_iter()
            .map(|(key, d)| json!({"key": key, "description": d}))
            .collect()
    };
    json!({ "codebookKey": cb, "codebook": list })
}

pub(crate) fn get_codebook(
    s: &State,
    cb: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let tree = query
        .get("tree")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    ok(codebook_json(s, cb, tree))
}

pub(crate) fn new_codes(s: &mut State, items: &[Value]) -> Vec<CodeRec> {
    items
        .iter()
        .map(|c| {
            let key = s.key();
            let children = c
                .get("children")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            CodeRec {
                key,
                description: c
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                children: new_codes(s, &children),
            }
        })
        .collect()
}

pub(crate) fn replace_codebook(
    s: &mut State,
    question: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(q) = question.and_then(|k| s.questions.get(&k)) else {
        return app_error("The question does not exist.");
    };
    if q.responses.iter().any(|r| !r.code_keys.is_empty()) {
        return app_error("The codebook cannot be replaced once responses are coded.");
    }
    let cb = q.codebook_key;
    let items = body
        .get("codebook")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let codes = new_codes(s, &items);
    s.codebooks.insert(cb, codes);
    ok(codebook_json(s, cb, true))
}

pub(crate) fn add_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let items = body
        .get("codes")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let overwrite = body
        .get("overwrite")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let codes = new_codes(s, &items);
    let book = s.codebooks.entry(cb).or_default();
    for c in codes {
        match book
            .iter()
            .position(|e| e.description.eq_ignore_ascii_case(&c.description))
        {
            Some(i) if overwrite => book[i] = c,
            Some(_) => return app_error(format!("A code '{}' already exists.", c.description)),
            None => book.push(c),
        }
    }
    ok(codebook_json(s, cb, true))
}
pub(crate) fn get_question_codebook(
    s: &State,
    question: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let cb = question
        .and_then(|q| s.questions.get(&q))
        .map(|q| q.codebook_key);
    get_codebook(s, cb, query)
}
