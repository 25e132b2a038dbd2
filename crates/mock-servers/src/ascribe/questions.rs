//! `/Questions/{studyKey}`: list and create.

use super::*;

pub(crate) fn question_json(q: &QuestionRec) -> Value {
    let coded = q
        .responses
        .iter()
        .filter(|r| !r.code_keys.is_empty())
        .count();
    if is_v2() {
        // The v2 schema's named enums (its examples use the letters).
        return json!({
            "key": q.key, "codebookKey": q.codebook_key, "id": q.id, "text": q.text,
            "label": q.label, "help": null, "type": v2::type_name(&q.kind),
            "tasks": v2::task_names(&q.tasks), "sortOrder": null,
            "codingSource": "Verbatim", "alternativeCodingSource": "None",
            "countResponses": q.responses.len(), "countResponsesCoded": coded,
            "countTranscriptions": 0, "countTranslations": 0, "countQualityReviewed": 0,
            "externalQuestionId": null,
        });
    }
    json!({
        "key": q.key, "codebookKey": q.codebook_key, "id": q.id, "text": q.text,
        "label": q.label, "help": null, "type": q.kind, "tasks": q.tasks, "sortOrder": null,
        "codingSource": "v", "alternativeCodingSource": null,
        "countResponses": q.responses.len(), "countResponsesCoded": coded,
        "countTranscriptions": 0, "countTranslations": 0,
    })
}

pub(crate) fn list_questions(
    s: &State,
    study: Option<i64>,
    query: &BTreeMap<String, String>,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let types = query.get("types");
    let tasks = query.get("tasks");
    let questions: Vec<Value> = s
        .questions
        .values()
        .filter(|q| q.study_key == study)
        .filter(|q| types.is_none_or(|t| t.contains(q.kind.as_str())))
        .filter(|q| tasks.is_none_or(|t| t.chars().any(|c| q.tasks.contains(c))))
        .map(question_json)
        .collect();
    ok(json!({ "questions": questions }))
}

pub(crate) fn create_question(s: &mut State, study: Option<i64>, body: &Value) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 200 {
        return app_error("The question ID must have 1 to 200 characters.");
    }
    let codebook_key = match body.get("codebookKey").and_then(Value::as_i64) {
        Some(cb) if s.codebooks.contains_key(&cb) => cb,
        Some(_) => return app_error("The codebook does not exist."),
        None => {
            let cb = s.key();
            s.codebooks.insert(cb, Vec::new());
            cb
        }
    };
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("o")
        .to_owned();
    if kind.chars().count() != 1 {
        // v1 only takes the letter form.
        return app_error(format!("Invalid question type '{kind}'."));
    }
    let key = s.key();
    let q = QuestionRec {
        key,
        study_key: study,
        codebook_key,
        id,
        text: body.get("text").and_then(Value::as_str).map(str::to_owned),
        label: body.get("label").and_then(Value::as_str).map(str::to_owned),
        kind,
        tasks: body
            .get("tasks")
            .and_then(Value::as_str)
            .unwrap_or("c")
            .to_owned(),
        responses: Vec::new(),
    };
    let v = question_json(&q);
    s.questions.insert(key, q);
    ok(v)
}
