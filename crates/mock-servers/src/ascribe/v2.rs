//! The v2-only routes of the Ascribe mock (served under `/v2`): study
//! update, delete, respondent delete and translation; question and response
//! batches and deletes; codebook code updates, deletes and batches; users;
//! translation languages. AI Coder lives in [`super::ai_coder`].
//!
//! Batches refuse more than [`MAX_ITEMS_PER_REQUEST`] items per request, as
//! the service recommends; the item count of every accepted batch request is
//! recorded ([`AscribeMock::batch_sizes`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{
    AscribeMock, CodeRec, QuestionRec, ResponseRec, State, ai_coder, app_error, codebook_json,
    leaves, new_codes, ok, question_json, rid_of, study_json,
};

/// The most items one v2 batch request may carry.
pub const MAX_ITEMS_PER_REQUEST: usize = 1000;

/// The languages the mock translates into.
pub const LANGUAGES: [(&str, &str); 4] = [
    ("en", "English"),
    ("de", "German"),
    ("fr", "French"),
    ("uk", "Ukrainian"),
];

/// The v2 part of the mock's state.
#[derive(Debug, Default)]
pub(super) struct V2State {
    pub(super) batch_sizes: Vec<(&'static str, usize)>,
    pub(super) translations: HashMap<(i64, String), String>,
    pub(super) ai: ai_coder::AiState,
}

impl AscribeMock {
    /// The item count of every accepted v2 batch request of `kind`, in
    /// order: `add_responses`, `upsert_responses`, `delete_responses`,
    /// `delete_respondents`, `create_questions`, `update_questions`,
    /// `delete_questions`, `update_codes`, `delete_codes`, `add_codes`.
    pub fn batch_sizes(&self, kind: &str) -> Vec<usize> {
        self.state()
            .v2
            .batch_sizes
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .collect()
    }

    /// Whether a study exists.
    pub fn has_study(&self, key: i64) -> bool {
        self.state().studies.contains_key(&key)
    }

    /// Whether a question exists.
    pub fn has_question(&self, key: i64) -> bool {
        self.state().questions.contains_key(&key)
    }

    /// The respondent ids of a question's responses, in order.
    pub fn response_ids(&self, question: i64) -> Vec<String> {
        self.state()
            .questions
            .get(&question)
            .map(|q| q.responses.iter().map(|r| r.rid.clone()).collect())
            .unwrap_or_default()
    }

    /// The code keys applied to a response.
    pub fn response_codes(&self, question: i64, rid: &str) -> Vec<i64> {
        self.state()
            .questions
            .get(&question)
            .and_then(|q| q.responses.iter().find(|r| r.rid == rid))
            .map(|r| r.code_keys.clone())
            .unwrap_or_default()
    }

    /// The codebook key of a question.
    pub fn codebook_of(&self, question: i64) -> Option<i64> {
        self.state()
            .questions
            .get(&question)
            .map(|q| q.codebook_key)
    }

    /// The (key, description) of every code (leaf) of a codebook.
    pub fn codes_of(&self, codebook: i64) -> Vec<(i64, String)> {
        let s = self.state();
        leaves(
            s.codebooks
                .get(&codebook)
                .map(Vec::as_slice)
                .unwrap_or_default(),
        )
    }
}

/// The v2 name of a question type letter.
pub(super) fn type_name(kind: &str) -> &str {
    match kind {
        "o" => "Open",
        "c" => "Closed",
        "s" => "OS",
        "v" => "Value",
        "d" => "Data",
        other => other,
    }
}

/// The v2 names of task letters (`"cb"` → `"Code, Transcribe"`).
pub(super) fn task_names(tasks: &str) -> String {
    let names: Vec<&str> = tasks
        .chars()
        .map(|c| match c {
            'c' => "Code",
            'x' => "Crosstab",
            'b' => "Transcribe",
            't' => "Translate",
            _ => "None",
        })
        .collect();
    if names.is_empty() {
        "None".to_owned()
    } else {
        names.join(", ")
    }
}

/// A v1-style letter from a letter or a v2 name (requests may use either).
fn type_letter(v: &str) -> Option<String> {
    let letter = match v.to_ascii_lowercase().as_str() {
        "o" | "open" => "o",
        "c" | "closed" => "c",
        "s" | "os" | "otherspecify" => "s",
        "v" | "value" => "v",
        "d" | "data" => "d",
        _ => return None,
    };
    Some(letter.to_owned())
}

fn str_field<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn array<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Answers a v2-only route, or `None` to fall through to the v1 routes
/// (which v2 keeps).
pub(super) fn route(
    s: &mut State,
    method: &str,
    segs: &[&str],
    raw: &[String],
    body: &Value,
    _query: &BTreeMap<String, String>,
) -> Option<ResponseTemplate> {
    let key = |i: usize| segs.get(i).and_then(|k| k.parse::<i64>().ok());
    Some(match (method, segs) {
        ("PUT", ["studies"]) => update_study(s, body),
        ("DELETE", ["studies"]) => delete_study(s, body),
        ("DELETE", ["studies", _, "respondents"]) => delete_respondents(s, key(1), body),
        ("POST", ["studies", "translate"]) => translate_study(s, body),
        ("POST", ["questions", "translate"]) => translate_question(s, body),
        ("POST", ["questions", "codebook", _, _]) => link_codebook(s, key(2), key(3)),
        ("POST", ["questions", "autocode", _, _]) => auto_code(s, key(2), key(3), body),
        ("DELETE", ["questions", "batch"]) => delete_questions(s, body),
        ("POST", ["questions", _, "batch"]) => create_questions(s, key(1), body),
        ("PUT", ["questions", _, "batch"]) => update_questions(s, key(1), body),
        ("DELETE", ["questions", _, _]) => {
            let entity = raw.get(2).map(String::as_str).unwrap_or_default();
            match delete_entity(s, key(1), entity) {
                Ok(n) => ok(json!({"entityType": entity, "entityItemsDeleted": n})),
                Err(m) => app_error(m),
            }
        }
        ("DELETE", ["responses", "batch"]) => delete_responses(s, body),
        ("POST", ["responses", _, "batch"]) => batch_responses(s, key(1), body, false),
        ("PUT", ["responses", _, "batch"]) => batch_responses(s, key(1), body, true),
        ("DELETE", ["responses", _, _]) => {
            let rid = raw.get(2).cloned().unwrap_or_default();
            delete_response(s, key(1), &rid)
        }
        ("PUT", ["codebooks", _, "codes"]) => update_codes(s, key(1), body),
        ("DELETE", ["codebooks", _, "codes"]) => delete_codes(s, key(1), body),
        ("POST", ["codebooks", "codes", "batch"]) => add_codes_batch(s, body),
        ("GET", ["users"]) => ok(json!({"users": [
            {"key": 3, "id": "John Doe"}, {"key": 5, "id": super::USER_NAME}
        ]})),
        ("GET", ["languages", "translate"]) => ok(json!({
            "languages": LANGUAGES.iter().map(|(c, n)| json!({"code": c, "name": n})).collect::<Vec<_>>()
        })),
        (_, ["aicoder", ..]) => return ai_coder::route(s, method, segs, body),
        _ => return None,
    })
}

/// Refuses a batch above the maximum, else records its size.
fn batch(s: &mut State, kind: &'static str, items: usize) -> Result<(), Box<ResponseTemplate>> {
    if items > MAX_ITEMS_PER_REQUEST {
        return Err(Box::new(app_error(format!(
            "At most {MAX_ITEMS_PER_REQUEST} items may be sent in one request; got {items}."
        ))));
    }
    s.v2.batch_sizes.push((kind, items));
    Ok(())
}

fn update_study(s: &mut State, body: &Value) -> ResponseTemplate {
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

fn delete_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let Some(key) = body.get("studyKey").and_then(Value::as_i64) else {
        return app_error("studyKey is required.");
    };
    if s.studies.remove(&key).is_none() {
        return app_error("The study does not exist.");
    }
    s.questions.retain(|_, q| q.study_key != key);
    ok(json!({}))
}

fn delete_respondents(s: &mut State, study: Option<i64>, body: &Value) -> ResponseTemplate {
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

fn known_language(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| c.eq_ignore_ascii_case(code))
}

/// Translates the untranslated responses of a question; the stats as v2
/// reports them.
fn translate(s: &mut State, question: i64, lang: &str) -> Value {
    let rids: Vec<(String, String)> = s
        .questions
        .get(&question)
        .map(|q| {
            q.responses
                .iter()
                .map(|r| (r.rid.clone(), r.text.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut done = 0u64;
    for (rid, text) in &rids {
        let slot = (question, rid.clone());
        if let std::collections::hash_map::Entry::Vacant(e) = s.v2.translations.entry(slot) {
            e.insert(format!("[{lang}] {text}"));
            done += 1;
        }
    }
    json!({
        "questionKey": question, "responsesCount": rids.len(), "translationsCount": done,
        "nonTranslatedResponsesCount": 0, "transactionsCount": done as f64 * 0.1,
    })
}

fn translate_study(s: &mut State, body: &Value) -> ResponseTemplate {
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

fn translate_question(s: &mut State, body: &Value) -> ResponseTemplate {
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

fn link_codebook(s: &mut State, q: Option<i64>, cb: Option<i64>) -> ResponseTemplate {
    let Some(cb) = cb.filter(|k| s.codebooks.contains_key(k)) else {
        return app_error("The codebook does not exist.");
    };
    let Some(q) = q.and_then(|k| s.questions.get_mut(&k)) else {
        return app_error("The question does not exist.");
    };
    q.codebook_key = cb;
    ok(json!({}))
}

fn auto_code(s: &mut State, q: Option<i64>, load: Option<i64>, body: &Value) -> ResponseTemplate {
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

fn delete_questions(s: &mut State, body: &Value) -> ResponseTemplate {
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

fn create_questions(s: &mut State, study: Option<i64>, body: &Value) -> ResponseTemplate {
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

fn update_questions(s: &mut State, study: Option<i64>, body: &Value) -> ResponseTemplate {
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

/// `POST` (add-only) or `PUT` (upsert) `/Responses/{studyKey}/Batch`.
fn batch_responses(
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

fn delete_response(s: &mut State, q: Option<i64>, rid: &str) -> ResponseTemplate {
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

fn delete_responses(s: &mut State, body: &Value) -> ResponseTemplate {
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

fn update_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
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

fn delete_codes(s: &mut State, cb: Option<i64>, body: &Value) -> ResponseTemplate {
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

fn add_codes_batch(s: &mut State, body: &Value) -> ResponseTemplate {
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
