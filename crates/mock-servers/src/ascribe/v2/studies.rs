//! v2 study routes: update, delete, delete respondents, translate.

use super::*;

pub(crate) fn update_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let Some(key) = body.get("studyKey").and_then(Value::as_i64) else {
        return app_error("studyKey is required.");
    };
    if !s.studies.contains_key(&key) {
        return app_error("The study does not exist.");
    }
    if let Some(id) = str_field(body, "id") {
        if id.is_empty() || id.chars().count() > 30 {
            return app_error("The study ID must have 1 to 30 characters.");
        }
        if s.studies
            .values()
            .any(|st| st.key != key && st.id.eq_ignore_ascii_case(id))
        {
            return app_error(format!("A study with the ID '{id}' already exists."));
        }
    }
    if let Some(status) = str_field(body, "status")
        && !["a", "p", "c", "d", "h", "r", "s", "u"].contains(&status)
    {
        return app_error(format!("Invalid study status '{status}'."));
    }
    let Some(st) = s.studies.get_mut(&key) else {
        return app_error("The study does not exist.");
    };
    if let Some(id) = str_field(body, "id") {
        st.id = id.to_owned();
    }
    if let Some(name) = str_field(body, "name") {
        st.name = Some(name.to_owned());
    }
    if let Some(d) = str_field(body, "description") {
        st.description = Some(d.to_owned());
    }
    if let Some(status) = str_field(body, "status") {
        st.status = status.to_owned();
    }
    if let Some(c) = body.get("clientCompanyKey").and_then(Value::as_i64) {
        st.client_company_key = Some(c);
    }
    let st = st.clone();
    ok(study_json(s, &st, true))
}

pub(crate) fn delete_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let Some(key) = body.get("studyKey").and_then(Value::as_i64) else {
        return app_error("studyKey is required.");
    };
    if s.studies.remove(&key).is_none() {
        return app_error("The study does not exist.");
    }
    s.questions.retain(|_, q| q.study_key != key);
    ok(json!({}))
}

pub(crate) fn delete_respondents(
    s: &mut State,
    study: Option<i64>,
    body: &Value,
) -> ResponseTemplate {
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let ids: Vec<String> = array(body, "respondentIds")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if let Err(e) = batch(s, "delete_respondents", ids.len()) {
        return *e;
    }
    let mut not_found = Vec::new();
    let mut failed = Vec::new();
    for rid in ids {
        let mut found = false;
        for q in s.questions.values_mut().filter(|q| q.study_key == study) {
            let before = q.responses.len();
            q.responses.retain(|r| r.rid != rid);
            found |= q.responses.len() != before;
        }
        if !found {
            failed.push(json!({"respondentID": rid, "errorMessage": "Responses for Respondent ID not found"}));
            not_found.push(rid);
        }
    }
    ok(json!({"failedDeletions": failed, "notFoundRespondentIds": not_found}))
}

pub(crate) fn translate_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let study = body.get("studyKey").and_then(Value::as_i64);
    let Some(study) = study.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let lang = str_field(body, "targetLanguageCode")
        .unwrap_or_default()
        .to_owned();
    if !known_language(&lang) {
        return app_error(format!("The language '{lang}' is not supported."));
    }
    let keys: Vec<i64> = s
        .questions
        .values()
        .filter(|q| q.study_key == study && q.tasks.contains('t'))
        .map(|q| q.key)
        .collect();
    let questions: Vec<Value> = keys.into_iter().map(|q| translate(s, q, &lang)).collect();
    let total: u64 = questions
        .iter()
        .filter_map(|q| q["translationsCount"].as_u64())
        .sum();
    ok(json!({
        "studyKey": study, "totalTranslationsCount": total,
        "totalTransactionsCount": total as f64 * 0.1, "questions": questions,
    }))
}
