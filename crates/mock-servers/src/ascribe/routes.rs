//! The Ascribe mock's HTTP routes: [`route`] is the table, one line and one
//! handler per endpoint (adding an endpoint adds one line and one handler).
//! Paths match case-insensitively, as ASP.NET routes do; v2-only routes
//! (the `true` column) answer only under `/v2`.

use super::ai_coder::{self, Kind};
use super::*;

pub(super) struct Router(pub(super) Shared<State>);

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock();
        s.requests += 1;
        let request_id = format!("ascribe-mock-{:06}", s.requests);
        let raw = request.url.path().trim_matches('/');
        let (v2, raw) = match raw.split_once('/') {
            Some((first, rest)) if first.eq_ignore_ascii_case("v2") => (true, rest),
            _ if raw.eq_ignore_ascii_case("v2") => (true, ""),
            _ => (false, raw),
        };
        let _dialect = DialectGuard::set(v2);
        let cx = Cx::new(request, raw, v2);
        answer(&mut s, &cx).insert_header("x-request-id", request_id.as_str())
    }
}

/// What a handler may need of the request: its method, its path segments
/// (lower-cased for matching, and as sent, percent-decoded), its JSON body
/// and its query, and whether it came in under `/v2`.
struct Cx<'r> {
    request: &'r Request,
    path: String,
    raw: Vec<String>,
    body: Value,
    query: BTreeMap<String, String>,
    v2: bool,
}

impl<'r> Cx<'r> {
    fn new(request: &'r Request, raw_path: &str, v2: bool) -> Self {
        Cx {
            request,
            path: raw_path.to_ascii_lowercase(),
            raw: raw_path.split('/').map(percent_decode).collect(),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            v2,
        }
    }

    /// Path segment `i` as a key, if it is one.
    fn key(&self, i: usize) -> Option<i64> {
        self.path.split('/').nth(i).and_then(|k| k.parse().ok())
    }

    /// Path segment `i` as sent (case kept, percent-decoded).
    fn raw(&self, i: usize) -> &str {
        self.raw.get(i).map(String::as_str).unwrap_or_default()
    }
}

/// Logins need no token; every other call is authorized first, then routed.
fn answer(s: &mut State, cx: &Cx<'_>) -> ResponseTemplate {
    let segs: Vec<&str> = cx.path.split('/').collect();
    match (cx.request.method.as_str(), segs.as_slice(), cx.v2) {
        ("POST", ["sessions"], false) => return session::login(s, &cx.body, false),
        ("POST", ["session", "new"], _) => return session::login(s, &cx.body, true),
        ("POST", ["sessions"], true) => {
            return ResponseTemplate::new(404).set_body_json(error_body(
                "No HTTP resource was found: v2 logs in at POST /Session/New.".into(),
            ));
        }
        _ => {}
    }
    if let Err(message) = session::authorize(s, cx.request) {
        s.rejected += 1;
        return unauthorized(message);
    }
    if let Some(message) = s.fail_next.take() {
        return app_error(message);
    }
    route(s, cx, &segs)
}

/// The route table: one line and one handler per endpoint.
fn route(s: &mut State, cx: &Cx<'_>, segs: &[&str]) -> ResponseTemplate {
    let (body, query, key) = (&cx.body, &cx.query, |i| cx.key(i));
    let ai = segs.get(1..).unwrap_or_default();
    match (cx.request.method.as_str(), segs, cx.v2) {
        // v2 only: studies, questions, responses, codebooks, directory.
        ("PUT", ["studies"], true) => v2::studies::update_study(s, body),
        ("DELETE", ["studies"], true) => v2::studies::delete_study(s, body),
        ("DELETE", ["studies", _, "respondents"], true) => {
            v2::studies::delete_respondents(s, key(1), body)
        }
        ("POST", ["studies", "translate"], true) => v2::studies::translate_study(s, body),
        ("POST", ["questions", "translate"], true) => v2::questions::translate_question(s, body),
        ("POST", ["questions", "codebook", _, _], true) => {
            v2::questions::link_codebook(s, key(2), key(3))
        }
        ("POST", ["questions", "autocode", _, _], true) => {
            v2::questions::auto_code(s, key(2), key(3), body)
        }
        ("DELETE", ["questions", "batch"], true) => v2::questions::delete_questions(s, body),
        ("POST", ["questions", _, "batch"], true) => {
            v2::questions::create_questions(s, key(1), body)
        }
        ("PUT", ["questions", _, "batch"], true) => {
            v2::questions::update_questions(s, key(1), body)
        }
        ("DELETE", ["questions", _, _], true) => {
            v2::questions::delete_question_entity(s, key(1), cx.raw(2))
        }
        ("DELETE", ["responses", "batch"], true) => v2::responses::delete_responses(s, body),
        ("POST", ["responses", _, "batch"], true) => {
            v2::responses::batch_responses(s, key(1), body, false)
        }
        ("PUT", ["responses", _, "batch"], true) => {
            v2::responses::batch_responses(s, key(1), body, true)
        }
        ("DELETE", ["responses", _, _], true) => {
            v2::responses::delete_response(s, key(1), cx.raw(2))
        }
        ("PUT", ["codebooks", _, "codes"], true) => v2::codebooks::update_codes(s, key(1), body),
        ("DELETE", ["codebooks", _, "codes"], true) => v2::codebooks::delete_codes(s, key(1), body),
        ("POST", ["codebooks", "codes", "batch"], true) => v2::codebooks::add_codes_batch(s, body),
        ("GET", ["users"], true) => v2::list_users(),
        ("GET", ["languages", "translate"], true) => v2::list_languages(),
        // v2 only: AI Coder.
        ("GET", ["aicoder", "analyze", "codebooks"], true) => ai_coder::codebooks(s),
        ("GET", ["aicoder", "projects"], true) => ai_coder::projects(s),
        ("POST", ["aicoder", "links"], true) => ai_coder::links(s, body),
        ("POST", ["aicoder", "analyze"], true)
        | ("POST", ["aicoder", "analyze", "v3" | "incremental"], true) => {
            ai_coder::start(s, Kind::Analysis, ai, body)
        }
        ("GET", ["aicoder", "analyze", _], true) => ai_coder::status(s, Kind::Analysis, key(2)),
        ("POST", ["aicoder", "netcodes"], true) => ai_coder::start(s, Kind::NetCodes, ai, body),
        ("GET", ["aicoder", "netcodes", _], true) => ai_coder::status(s, Kind::NetCodes, key(2)),
        ("POST", ["aicoder", "export", "excel"], true) => ai_coder::start(s, Kind::Excel, ai, body),
        ("GET", ["aicoder", "export", "excel", _], true) => {
            ai_coder::status(s, Kind::Excel, key(3))
        }
        ("POST", ["aicoder", "export", "codebook"], true) => {
            ai_coder::start(s, Kind::Codebook, ai, body)
        }
        ("GET", ["aicoder", "export", "codebook", _], true) => {
            ai_coder::status(s, Kind::Codebook, key(3))
        }
        ("POST", ["aicoder", "export", "dichotomous"], true) => {
            ai_coder::start(s, Kind::Dichotomous, ai, body)
        }
        ("GET", ["aicoder", "export", "dichotomous", _], true) => {
            ai_coder::status(s, Kind::Dichotomous, key(3))
        }
        // v1 and v2.
        ("GET", ["studies"], _) => studies::list_studies(s, query),
        ("GET", ["studies", _], _) => studies::get_study(s, key(1)),
        ("POST", ["studies"], _) => studies::create_study(s, body),
        ("GET", ["questions", _], _) => questions::list_questions(s, key(1), query),
        ("POST", ["questions", _], _) => questions::create_question(s, key(1), body),
        ("GET", ["responses", _], _) => responses::get_responses(s, key(1), query),
        ("POST", ["responses", _], _) => responses::add_responses(s, key(1), body),
        ("PUT", ["responses", _], _) => responses::upsert_responses(s, key(1), body),
        ("GET", ["codebooks", "question", _], _) => {
            codebooks::get_question_codebook(s, key(2), query)
        }
        ("GET", ["codebooks", _], _) => codebooks::get_codebook(s, key(1), query),
        ("POST", ["codebooks", _, "codes"], _) => codebooks::add_codes(s, key(1), body),
        ("POST", ["codebooks", _], _) => codebooks::replace_codebook(s, key(1), body),
        ("GET", ["companies"], _) => companies::list_companies(s),
        ("POST", ["companies"], _) => companies::create_company(s, body),
        ("GET", ["exports"], _) => exports::list_scripts(),
        ("POST", ["exports"], _) => exports::start_export(s, body),
        ("GET", ["exports", _], _) => exports::poll_export(s, key(1)),
        _ => ResponseTemplate::new(404).set_body_json(error_body(format!(
            "No HTTP resource was found that matches the request URI '{}'.",
            cx.request.url.path()
        ))),
    }
}

/// Decodes `%XX` escapes of one path segment (invalid escapes are kept).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = segment.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
