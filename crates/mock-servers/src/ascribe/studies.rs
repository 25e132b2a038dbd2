//! `/Studies`: list, read with counts (and the simulated coders), create.

use super::*;

pub(crate) fn study_json(s: &State, st: &StudyRec, counts: bool) -> Value {
    let mut v = json!({
        "key": st.key, "id": st.id, "name": st.name, "description": st.description,
        "status": st.status, "quota": null, "supervisorKey": null,
        "clientCompanyKey": st.client_company_key, "endCompanyKey": null, "help": null,
        "createDateUtc": "2024-05-01T09:30:00", "startDateUtc": null, "dueDateUtc": null,
    });
    if counts && let Value::Object(map) = &mut v {
        let qs: Vec<&QuestionRec> = s
            .questions
            .values()
            .filter(|q| q.study_key == st.key)
            .collect();
        let responses: usize = qs.iter().map(|q| q.responses.len()).sum();
        let coded: usize = qs
            .iter()
            .map(|q| {
                q.responses
                    .iter()
                    .filter(|r| !r.code_keys.is_empty())
                    .count()
            })
            .sum();
        map.insert("countQuestions".into(), json!(qs.len()));
        map.insert("countResponses".into(), json!(responses));
        map.insert("countResponsesCoded".into(), json!(coded));
        map.insert("countTransactions".into(), json!(coded as f64 * 0.5));
    }
    v
}

pub(crate) fn list_studies(s: &State, query: &BTreeMap<String, String>) -> ResponseTemplate {
    let filter = query.get("idFilter").map(|f| f.to_ascii_lowercase());
    let mask = query.get("statusMask");
    let company = query
        .get("clientCompanyKey")
        .and_then(|k| k.parse::<i64>().ok());
    let studies: Vec<Value> = s
        .studies
        .values()
        .filter(|st| {
            filter
                .as_deref()
                .is_none_or(|f| wildcard(f, &st.id.to_ascii_lowercase()))
        })
        .filter(|st| mask.is_none_or(|m| m.contains(st.status.as_str())))
        .filter(|st| company.is_none_or(|c| st.client_company_key == Some(c)))
        .map(|st| study_json(s, st, false))
        .collect();
    ok(json!({ "studies": studies }))
}

pub(crate) fn wildcard(filter: &str, id: &str) -> bool {
    match (filter.strip_prefix('*'), filter.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => id.contains(rest.trim_end_matches('*')),
        (Some(rest), _) => id.ends_with(rest),
        (None, Some(rest)) => id.starts_with(rest),
        (None, None) => id == filter,
    }
}

pub(crate) fn get_study(s: &mut State, key: Option<i64>) -> ResponseTemplate {
    let Some(key) = key.filter(|k| s.studies.contains_key(k)) else {
        return app_error("The study does not exist.");
    };
    let has_responses = s
        .questions
        .values()
        .any(|q| q.study_key == key && !q.responses.is_empty());
    let polls_to_complete = s.polls_to_complete;
    let complete = match s.studies.get_mut(&key) {
        Some(st) if st.status == "p" && has_responses => {
            st.polls += 1;
            st.polls >= polls_to_complete
        }
        _ => false,
    };
    if complete {
        humans_code(s, key);
    }
    match s.studies.get(&key) {
        Some(st) => ok(study_json(s, st, true)),
        None => not_found("study"),
    }
}

/// The coders' work: codes in every empty codebook of the study, a code on
/// every uncoded response, and the study completed.
pub(crate) fn humans_code(s: &mut State, study_key: i64) {
    let question_keys: Vec<i64> = s
        .questions
        .values()
        .filter(|q| q.study_key == study_key)
        .map(|q| q.key)
        .collect();
    for qk in question_keys {
        let Some(cb) = s.questions.get(&qk).map(|q| q.codebook_key) else {
            continue;
        };
        if s.codebooks.get(&cb).is_none_or(Vec::is_empty) {
            let mut codes = Vec::new();
            for d in ["Positive", "Negative", "Neutral"] {
                let key = s.key();
                codes.push(CodeRec {
                    key,
                    description: d.to_owned(),
                    children: Vec::new(),
                });
            }
            let net = s.key();
            s.codebooks.insert(
                cb,
                vec![CodeRec {
                    key: net,
                    description: "Sentiment".into(),
                    children: codes,
                }],
            );
        }
        let leaves = leaves(s.codebooks.get(&cb).map(Vec::as_slice).unwrap_or_default());
        if leaves.is_empty() {
            continue;
        }
        if let Some(q) = s.questions.get_mut(&qk) {
            for r in q.responses.iter_mut().filter(|r| r.code_keys.is_empty()) {
                let t = r.text.to_ascii_lowercase();
                let pick = if ["bad", "slow", "poor", "expensive"]
                    .iter()
                    .any(|w| t.contains(w))
                {
                    1
                } else if ["great", "good", "love", "fast"]
                    .iter()
                    .any(|w| t.contains(w))
                {
                    0
                } else {
                    2
                };
                r.code_keys.push(leaves[pick.min(leaves.len() - 1)].0);
            }
        }
    }
    if let Some(st) = s.studies.get_mut(&study_key) {
        st.status = "c".into();
    }
}

pub(crate) fn leaves(codes: &[CodeRec]) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for c in codes {
        if c.children.is_empty() {
            out.push((c.key, c.description.clone()));
        } else {
            out.extend(leaves(&c.children));
        }
    }
    out
}

pub(crate) fn create_study(s: &mut State, body: &Value) -> ResponseTemplate {
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if id.is_empty() || id.chars().count() > 30 {
        return app_error("The study ID must have 1 to 30 characters.");
    }
    if s.studies.values().any(|st| st.id.eq_ignore_ascii_case(&id)) {
        return app_error(format!("A study with the ID '{id}' already exists."));
    }
    let status = body
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("p")
        .to_owned();
    if !["u", "p", "h"].contains(&status.as_str()) {
        return app_error("A new study's status must be u, p or h.");
    }
    let key = s.key();
    let rec = StudyRec {
        key,
        id,
        name: body.get("name").and_then(Value::as_str).map(str::to_owned),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        status,
        client_company_key: body.get("clientCompanyKey").and_then(Value::as_i64),
        polls: 0,
    };
    let v = study_json(s, &rec, false);
    s.studies.insert(key, rec);
    ok(v)
}
