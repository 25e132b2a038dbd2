//! v2 question routes: translate, link a codebook, auto-code, delete items, batches.

use super::*;

pub(crate) fn translate_question(s: &mut State, body: &Value) -> ResponseTemplate {
    let q = body.get("questionKey").and_then(Value::as_i64);
    let Some(q) = q.filter(|k| s.questions.contains_key(k)) else {
        return app_error("The question does not exist.");
    };
    let lang = str_field(body, "targetLanguageCode")
        .unwrap_or_default()
        .to_owned();
    if !known_language(&lang) {
        return app_error(format!("The language '{lang}' is not supported."));
    }
    ok(translate(s, q, &lang))
}

pub(crate) fn link_codebook(s: &mut State, q: Option<i64>, cb: Option<i64>) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let Some(q) = q.and_then(|k| s.questions.get_mut(&k)) else {
        return app_error("The question does not exist.");
    };
    q.codebook_key = cb;
    ok(json!({}))
}

pub(crate) fn auto_code(
    s: &mut State,
    q: Option<i64>,
    load: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(qk) = q.filter(|k| s.questions.contains_key(k)) else {
        return app_error("The question does not exist.");
    };
    if load.is_none_or(|l| l < 1) {
        return app_error("The load does not exist.");
    }
    let flag = |k: &str| body.get(k).and_then(Value::as_bool).unwrap_or(false);
    let (text_match, by_regex) = (flag("autoCodeTextMatch"), flag("autoCodeByRegex"));
    let cb = s
        .questions
        .get(&qk)
        .map(|q| q.codebook_key)
        .unwrap_or_default();
    let codes = leaves(s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default());
    let Some(q) = s.questions.get_mut(&qk) else {
        return app_error("The question does not exist.");
    };
    let coded: HashMap<String, Vec<i64>> = q
        .responses
        .iter()
        .filter(|r| !r.code_keys.is_empty())
        .map(|r| (r.text.to_ascii_lowercase(), r.code_keys.clone()))
        .collect();
    let mut added = 0;
    for r in q.responses.iter_mut().filter(|r| r.code_keys.is_empty()) {
        let text = r.text.to_ascii_lowercase();
        if text_match && let Some(keys) = coded.get(&text) {
            r.code_keys = keys.clone();
            added += keys.len();
            continue;
        }
        if by_regex {
            // The mock's "regular expression" of a code is its description.
            let hits: Vec<i64> = codes
                .iter()
                .filter(|(_, d)| text.contains(&d.to_ascii_lowercase()))
                .map(|(k, _)| *k)
                .collect();
            added += hits.len();
            r.code_keys = hits;
        }
    }
    ok(json!({"codesAdded": added}))
}

/// Deletes a question's `entity`; the number of items deleted.
fn delete_entity(s: &mut State, q: Option<i64>, entity: &str) -> Result<usize, String> {
    let Some(qk) = q.filter(|k| s.questions.contains_key(k)) else {
        return Err("The question does not exist.".into());
    };
    match entity.to_ascii_lowercase().as_str() {
        "question" => {
            s.questions.remove(&qk);
            Ok(1)
        }
        "responses" => Ok(s
            .questions
            .get_mut(&qk)
            .map(|q| std::mem::take(&mut q.responses).len())
            .unwrap_or_default()),
        "codes" => Ok(s
            .questions
            .get_mut(&qk)
            .map(|q| {
                q.responses
                    .iter_mut()
                    .map(|r| std::mem::take(&mut r.code_keys).len())
                    .sum()
            })
            .unwrap_or_default()),
        "qualitycodes" => Ok(0),
        other => Err(format!("Unknown entity type '{other}'.")),
    }
}

pub(crate) fn delete_questions(s: &mut State, body: &Value) -> ResponseTemplate {
    let keys: Vec<i64> = array(body, "questionKeys")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    let entity = str_field(body, "entityType").unwrap_or_default().to_owned();
    if keys.is_empty() || entity.is_empty() {
        return app_error("questionKeys and entityType are required.");
    }
    if let Err(e) = batch(s, "delete_questions", keys.len()) {
        return *e;
    }
    let mut total = 0;
    let results: Vec<Value> = keys
        .into_iter()
        .map(|k| match delete_entity(s, Some(k), &entity) {
            Ok(n) => {
                total += n;
                json!({"questionKey": k, "errorMessage": null})
            }
            Err(m) => json!({"questionKey": k, "errorMessage": m}),
        })
        .collect();
    ok(json!({
        "deleteQuestionsBatchResults": results, "entityType": entity, "entityItemsDeleted": total,
    }))
}

pub(crate) fn create_questions(
    s: &mut State,
    study: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let items = array(body, "questions");
    if let Err(e) = batch(s, "create_questions", items.len()) {
        return *e;
    }
    let mut created = Vec::new();
    let mut failed = Vec::new();
    for item in items {
        let id = str_field(item, "id").unwrap_or_default().trim().to_owned();
        let duplicate = s
            .questions
            .values()
            .any(|q| q.study_key == study && q.id.eq_ignore_ascii_case(&id));
        if id.is_empty() || id.chars().count() > 200 || duplicate {
            failed.push(json!({"id": id, "errorMessage": "The question ID is empty, too long or already used."}));
            continue;
        }
        let Some(kind) = type_letter(str_field(item, "type").unwrap_or("o")) else {
            failed.push(json!({"id": id, "errorMessage": "Invalid question type."}));
            continue;
        };
        let codebook_key = match item.get("codebookKey").and_then(Value::as_i64) {
            Some(cb) if s.codebooks.contains_key(&cb) => cb,
            Some(_) => {
                failed.push(json!({"id": id, "errorMessage": "The codebook does not exist."}));
                continue;
            }
            None => {
                let cb = s.key();
                s.codebooks.insert(cb, Vec::new());
                cb
            }
        };
        let key = s.key();
        let q = QuestionRec {
            key,
            study_key: study,
            codebook_key,
            id,
            text: str_field(item, "text").map(str::to_owned),
            label: str_field(item, "label").map(str::to_owned),
            kind,
            tasks: str_field(item, "tasks").unwrap_or("c").to_owned(),
            responses: Vec::new(),
        };
        created.push(question_json(&q));
        s.questions.insert(key, q);
    }
    ok(json!({"studyKey": study, "questions": created, "failedQuestions": failed}))
}

pub(crate) fn update_questions(
    s: &mut State,
    study: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let items = array(body, "questions");
    if let Err(e) = batch(s, "update_questions", items.len()) {
        return *e;
    }
    let mut failed = Vec::new();
    for item in items {
        let key = item.get("key").and_then(Value::as_i64);
        let Some(q) = key
            .and_then(|k| s.questions.get_mut(&k))
            .filter(|q| q.study_key == study)
        else {
            failed.push(json!({
                "key": key.map(|k| k.to_string()),
                "errorMessage": "The question does not exist in the study."
            }));
            continue;
        };
        if let Some(t) = str_field(item, "text") {
            q.text = Some(t.to_owned());
        }
        if let Some(l) = str_field(item, "label") {
            q.label = Some(l.to_owned());
        }
        if let Some(id) = str_field(item, "id") {
            q.id = id.to_owned();
        }
        if let Some(t) = str_field(item, "tasks") {
            q.tasks = t.to_owned();
        }
        if let Some(k) = str_field(item, "type").and_then(type_letter) {
            q.kind = k;
        }
    }
    let message = (!failed.is_empty())
        .then_some("Some questions were not updated. See failedQuestions for details.");
    ResponseTemplate::new(200).set_body_json(json!({
        "failedQuestions": failed, "newQuestions": [], "errorMessage": message,
    }))
}

/// `DELETE /Questions/{questionKey}/{entityType}`.
pub(crate) fn delete_question_entity(
    s: &mut State,
    q: Option<i64>,
    entity: &str,
) -> ResponseTemplate {
    match delete_entity(s, q, entity) {
        Ok(n) => ok(json!({"entityType": entity, "entityItemsDeleted": n})),
        Err(m) => app_error(m),
    }
}
