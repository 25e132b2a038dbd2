//! The mock's door: one handler per top-level endpoint, and the API
//! calls' shared checks (faults, throttling, auth) before the resources.

use crate::harness::Shared;
use serde_json::json;
use wiremock::{Request, Respond, ResponseTemplate};

use super::routes::Version;
use super::{SciNoteMock, State, errors, files};

impl State {
    fn api(&mut self, request: &Request, path: &str, version: Version) -> ResponseTemplate {
        self.api_requests += 1;
        if let Some(fault) = self.faults.pop_front() {
            return fault;
        }
        if let Some(reset) = self.throttle_until.take()
            && reset > self.now()
        {
            return SciNoteMock::throttled(reset);
        }
        if let Some(denied) = self.check_auth(request) {
            return denied;
        }
        self.resources_api(request, path, version)
    }
}

pub(super) struct Api(pub(super) Shared<State>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path().trim_matches('/').to_owned();
        route(&mut self.0.lock(), request, &path)
    }
}

/// The route table: one line and one handler per endpoint.
fn route(s: &mut State, request: &Request, path: &str) -> ResponseTemplate {
    match (request.method.as_str(), path) {
        ("POST", "oauth/token") => s.token(request),
        ("POST", "oauth/revoke") => s.revoke(request),
        ("GET", "api/health") => health(),
        ("GET", "api/status") => status(s),
        ("GET", p) if p.starts_with("files/") => download(s, request, &p["files/".len()..]),
        (_, p) if p.starts_with("api/v1/") => s.api(request, &p["api/v1/".len()..], Version::V1),
        (_, p) if p.starts_with("api/v2/") && s.v2_enabled => {
            s.api(request, &p["api/v2/".len()..], Version::V2)
        }
        _ => errors(404, "Not found", "No route matches"),
    }
}

/// `GET /api/health`.
fn health() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-type", "text/plain")
        .set_body_string("RUNNING")
}

/// `GET /api/status`: the API versions on (v2 once enabled).
fn status(s: &State) -> ResponseTemplate {
    let mut versions = vec![json!({"version": "v1", "baseUrl": "/api/v1/"})];
    if s.v2_enabled {
        versions.push(json!({"version": "v2", "baseUrl": "/api/v2/"}));
    }
    ResponseTemplate::new(200).set_body_json(json!({"message": "Ok", "versions": versions}))
}

/// `GET /files/{id}`: a stored upload, with `Range` support.
fn download(s: &mut State, request: &Request, id: &str) -> ResponseTemplate {
    s.file_downloads += 1;
    match s.files.get(id) {
        Some(file) => files::serve(file, request),
        None => errors(404, "Not found", "No such file"),
    }
}
