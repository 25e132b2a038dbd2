//! AI Coder in the Ascribe mock (`/v2/AICoder/...`).
//!
//! Every start (`Analyze`, `Analyze/v3`, `Analyze/Incremental`, `NetCodes`,
//! `Export/{Excel,Codebook,Dichotomous}`) creates a task whose status moves
//! only when it is polled or when the test says so, never with time:
//! [`AscribeMock::set_ai_task_outcome`] picks what tasks started afterwards
//! do (complete after N status polls, fail after N polls, never finish),
//! [`AscribeMock::complete_ai_task`] / [`AscribeMock::fail_ai_task`] settle a
//! running one. A completed analysis creates (or updates) a project with
//! three themes; a completed codebook export adds those themes to the Coder
//! codebook and, unless told not to, codes the responses with them.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{AscribeMock, CodeRec, State, app_error, ok};

/// What an AI Coder task does when its status is polled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AiTaskOutcome {
    /// Reports completion on the Nth status poll (0: at once).
    CompleteAfter(u32),
    /// Answers the Nth status poll with this `errorMessage`.
    FailAfter(u32, String),
    /// Never completes (for deadline tests).
    Never,
}

impl Default for AiTaskOutcome {
    fn default() -> Self {
        AiTaskOutcome::CompleteAfter(2)
    }
}

/// The themes every mock analysis finds, with the words that code them.
pub const THEMES: [(&str, &[&str]); 3] = [
    ("Value", &["value", "price", "cheap", "expensive"]),
    ("Speed", &["slow", "fast", "quick"]),
    ("Quality", &[]),
];

/// The kinds of task, each polled at its own status path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Analysis,
    NetCodes,
    Excel,
    Codebook,
    Dichotomous,
}

#[derive(Debug, Clone)]
enum Effect {
    NewProject(Vec<i64>),
    UpdateProject(i64),
    ExportCodebook {
        project: i64,
        question: Option<i64>,
        code_responses: bool,
    },
    File(String),
    Nothing,
}

#[derive(Debug, Clone)]
struct Task {
    kind: Kind,
    polls: u32,
    outcome: AiTaskOutcome,
    effect: Effect,
    project: Option<i64>,
    done: bool,
}

#[derive(Debug, Clone)]
struct Project {
    key: i64,
    question_keys: Vec<i64>,
    analyses: u32,
}

/// The AI Coder part of the mock's state.
#[derive(Debug, Default)]
pub(super) struct AiState {
    next_task: i64,
    next_project: i64,
    tasks: BTreeMap<i64, Task>,
    projects: BTreeMap<i64, Project>,
    outcome: AiTaskOutcome,
    links: u64,
}

impl AscribeMock {
    /// What AI Coder tasks started from now on do (default: complete on the
    /// second status poll).
    pub fn set_ai_task_outcome(&self, outcome: AiTaskOutcome) {
        self.state().v2.ai.outcome = outcome;
    }

    /// Makes a running task report completion on its next status poll.
    pub fn complete_ai_task(&self, task: impl Into<i64>) {
        let task: i64 = task.into();
        if let Some(t) = self.state().v2.ai.tasks.get_mut(&task) {
            t.outcome = AiTaskOutcome::CompleteAfter(0);
        }
    }

    /// Makes a running task fail with `message` on its next status poll.
    pub fn fail_ai_task(&self, task: impl Into<i64>, message: &str) {
        let task: i64 = task.into();
        if let Some(t) = self.state().v2.ai.tasks.get_mut(&task) {
            t.outcome = AiTaskOutcome::FailAfter(0, message.to_owned());
        }
    }

    /// How many times a task's status was read.
    pub fn ai_task_polls(&self, task: impl Into<i64>) -> u32 {
        let task: i64 = task.into();
        self.state().v2.ai.tasks.get(&task).map_or(0, |t| t.polls)
    }

    /// The keys of the AI Coder projects.
    pub fn ai_projects(&self) -> Vec<i64> {
        self.state().v2.ai.projects.keys().copied().collect()
    }
}

fn int(v: &Value, k: &str) -> Option<i64> {
    v.get(k).and_then(Value::as_i64)
}

/// `GET /AICoder/Projects`.
pub(super) fn projects(s: &State) -> ResponseTemplate {
    let projects: Vec<Value> =
        s.v2.ai
            .projects
            .values()
            .map(|p| project_json(s, p))
            .collect();
    ok(json!({"aiCoderProjects": projects}))
}

/// `GET /AICoder/Analyze/Codebooks`.
pub(super) fn codebooks(s: &State) -> ResponseTemplate {
    let mut list = vec![json!({"key": -1, "id": "New Codebook"})];
    for p in s.v2.ai.projects.values() {
        list.push(json!({"key": 900_000 + p.key, "id": format!("Project {} - GAI", p.key)}));
    }
    ok(json!({"codebooks": list}))
}

fn project_json(s: &State, p: &Project) -> Value {
    let qs: Vec<_> = p
        .question_keys
        .iter()
        .filter_map(|k| s.questions.get(k))
        .collect();
    let responses: usize = qs.iter().map(|q| q.responses.len()).sum();
    json!({
        "key": p.key, "description": format!("Analysis {}", p.analyses),
        "questionKeys": p.question_keys, "responsesCount": responses,
        "responsesCodedCount": responses, "codesAppliedCount": responses,
        "owner": super::USER_NAME, "createDate": "2026-06-13T20:21:47Z",
        "updateDate": "2026-06-13T20:21:47Z", "deleteDate": null, "isPublic": false,
    })
}

/// Starts a task of `kind` (`path`: the segments after `aicoder`).
pub(super) fn start(s: &mut State, kind: Kind, path: &[&str], body: &Value) -> ResponseTemplate {
    let project_arg = int(body, "aiCoderKey").or_else(|| int(body, "projectKey"));
    let known_project = |s: &State, p: Option<i64>| p.filter(|k| s.v2.ai.projects.contains_key(k));
    let (effect, project) = match (kind, path) {
        (Kind::Analysis, ["analyze", "incremental"]) => {
            let Some(p) = known_project(s, int(body, "key")) else {
                return app_error("The AI Coder project does not exist.");
            };
            (Effect::UpdateProject(p), Some(p))
        }
        (Kind::Analysis, _) => {
            let keys: Vec<i64> = body
                .get("questionKeys")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_i64).collect())
                .unwrap_or_default();
            if keys.is_empty() {
                return app_error("questionKeys is required.");
            }
            if let Some(k) = keys.iter().find(|k| !s.questions.contains_key(k)) {
                return app_error(format!("The question {k} does not exist."));
            }
            (Effect::NewProject(keys), None)
        }
        (kind, _) => {
            let Some(p) = known_project(s, project_arg) else {
                return app_error("The AI Coder project does not exist.");
            };
            let base = s.base_uri.clone();
            let effect = match kind {
                Kind::Excel => Effect::File(format!("{base}/files/aicoder-{p}.xlsx")),
                Kind::Dichotomous => Effect::File(format!("{base}/files/dichotomous-{p}.xlsx")),
                Kind::Codebook => {
                    if body.get("exportType").and_then(Value::as_str).is_none() {
                        return app_error("exportType is required.");
                    }
                    Effect::ExportCodebook {
                        project: p,
                        question: int(body, "analyzedVariable"),
                        code_responses: !body
                            .get("skipResponcesCoding")
                            .and_then(Value::as_bool)
                            .unwrap_or(false),
                    }
                }
                _ => Effect::Nothing,
            };
            (effect, Some(p))
        }
    };
    let ai = &mut s.v2.ai;
    ai.next_task += 1;
    let key = 1_020_300_000 + ai.next_task;
    let outcome = ai.outcome.clone();
    ai.tasks.insert(
        key,
        Task {
            kind,
            polls: 0,
            outcome,
            effect,
            project,
            done: false,
        },
    );
    ok(json!({"taskStatusKey": key}))
}

/// The status of a task of `kind`.
pub(super) fn status(s: &mut State, kind: Kind, key: Option<i64>) -> ResponseTemplate {
    let Some(task) = key.and_then(|k| s.v2.ai.tasks.get_mut(&k)) else {
        return app_error("The task does not exist.");
    };
    if task.kind != kind {
        return app_error("The task does not exist.");
    }
    task.polls += 1;
    let completed = match &task.outcome {
        AiTaskOutcome::CompleteAfter(n) => task.polls >= *n,
        AiTaskOutcome::FailAfter(n, message) if task.polls >= *n => {
            return app_error(message.clone());
        }
        AiTaskOutcome::FailAfter(..) | AiTaskOutcome::Never => false,
    };
    if !completed {
        return ok(json!({"isCompleted": false, "project": null, "fileUrl": null}));
    }
    let first = !task.done;
    task.done = true;
    let effect = task.effect.clone();
    let mut project = task.project;
    let mut file = None;
    match effect {
        Effect::NewProject(question_keys) if first => {
            let ai = &mut s.v2.ai;
            ai.next_project += 1;
            let p = 29_000 + ai.next_project;
            ai.projects.insert(
                p,
                Project {
                    key: p,
                    question_keys,
                    analyses: 1,
                },
            );
            project = Some(p);
            if let Some(t) = key.and_then(|k| s.v2.ai.tasks.get_mut(&k)) {
                t.project = Some(p);
            }
        }
        Effect::UpdateProject(p) if first => {
            if let Some(pr) = s.v2.ai.projects.get_mut(&p) {
                pr.analyses += 1;
            }
        }
        Effect::ExportCodebook {
            project: p,
            question,
            code_responses,
        } if first => export_codebook(s, p, question, code_responses),
        Effect::File(url) => file = Some(url),
        _ => {}
    }
    let project_json = match (kind, project.and_then(|p| s.v2.ai.projects.get(&p))) {
        (Kind::Analysis, Some(p)) => project_json(s, p),
        _ => Value::Null,
    };
    ok(json!({"isCompleted": true, "project": project_json, "fileUrl": file}))
}

/// Adds the themes to the codebook of the question (or of every project
/// question) and codes the responses that mention them.
fn export_codebook(s: &mut State, project: i64, question: Option<i64>, code_responses: bool) {
    let questions: Vec<i64> = match question {
        Some(q) => vec![q],
        None => {
            s.v2.ai
                .projects
                .get(&project)
                .map(|p| p.question_keys.clone())
                .unwrap_or_default()
        }
    };
    for qk in questions {
        let Some(cb) = s.questions.get(&qk).map(|q| q.codebook_key) else {
            continue;
        };
        let mut theme_keys = Vec::new();
        for (theme, _) in THEMES {
            let existing = s
                .codebooks
                .get(&cb)
                .and_then(|b| b.iter().find(|c| c.description == theme).map(|c| c.key));
            let key = match existing {
                Some(k) => k,
                None => {
                    let k = s.key();
                    s.codebooks.entry(cb).or_default().push(CodeRec {
                        key: k,
                        description: theme.to_owned(),
                        children: Vec::new(),
                    });
                    k
                }
            };
            theme_keys.push(key);
        }
        if !code_responses {
            continue;
        }
        if let Some(q) = s.questions.get_mut(&qk) {
            for r in q.responses.iter_mut().filter(|r| r.code_keys.is_empty()) {
                let text = r.text.to_ascii_lowercase();
                let pick = THEMES
                    .iter()
                    .position(|(_, words)| words.iter().any(|w| text.contains(w)))
                    .unwrap_or(THEMES.len() - 1);
                if let Some(k) = theme_keys.get(pick) {
                    r.code_keys.push(*k);
                }
            }
        }
    }
}

/// `POST /AICoder/Links`.
pub(super) fn links(s: &mut State, body: &Value) -> ResponseTemplate {
    let Some(p) = int(body, "projectKey").filter(|k| s.v2.ai.projects.contains_key(k)) else {
        return app_error("The AI Coder project does not exist.");
    };
    s.v2.ai.links += 1;
    let n = s.v2.ai.links;
    let expires = body
        .get("expirationDateUtc")
        .cloned()
        .unwrap_or(Value::Null);
    let value = int(body, "distributionQuestionKey").map(|q| format!("question {q}"));
    ok(json!({"links": [{
        "link": format!("{}/l/{p}-{n}", s.base_uri),
        "distributionQuestionValue": value,
        "expirationDateUtc": expires,
    }]}))
}
