//! Logging in (`POST /Sessions`, v2 `POST /Session/New`) and checking the one auth header every other call carries.

use super::*;

pub(crate) fn login(s: &mut State, body: &Value, v2: bool) -> ResponseTemplate {
    let field = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    if field("account") != ACCOUNT
        || field("userName") != USER_NAME
        || field("password") != s.password
    {
        let message = "Invalid account, user name or password.";
        let body = if v2 {
            json!({"authenticationToken": null, "bearerToken": null, "errorMessage": message})
        } else {
            json!({"authenticationToken": null, "bearerToken": null, "errors": [message]})
        };
        return ResponseTemplate::new(200).set_body_json(body);
    }
    s.issued += 1;
    s.logins += 1;
    let n = s.issued;
    let session = format!("{n:08x}-adb4-474a-a26a-{:012x}", n * 7919);
    let jwt = format!(
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcGl1c2VyIiwibiI6{n}.c2lnLXtuf{n}"
    );
    s.sessions.insert(session.clone());
    s.bearers.insert(jwt.clone());
    let mut out = json!({"authenticationToken": session, "bearerToken": format!("bearer {jwt}")});
    if let Value::Object(map) = &mut out {
        map.insert(
            if v2 { "errorMessage" } else { "errors" }.into(),
            Value::Null,
        );
    }
    ResponseTemplate::new(200).set_body_json(out)
}

/// Exactly one valid auth header, else 401.
pub(crate) fn authorize(s: &State, request: &Request) -> Result<(), &'static str> {
    let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok());
    match (header("authentication"), header("authorization")) {
        (Some(_), Some(_)) => {
            Err("Send either the authentication or the authorization header, not both.")
        }
        (Some(token), None) if s.sessions.contains(token) => Ok(()),
        (Some(_), None) => Err("The session has expired. Please log in again."),
        (None, Some(value)) => {
            let jwt = strip_bearer(value).unwrap_or_default();
            if strip_bearer(jwt).is_some() {
                return Err("Malformed bearer token (doubled prefix).");
            }
            if s.bearers.contains(jwt) {
                Ok(())
            } else {
                Err("The bearer token is not valid.")
            }
        }
        (None, None) => Err("Authentication required."),
    }
}

/// The token after one `bearer ` prefix (any case), if there is one.
pub(crate) fn strip_bearer(value: &str) -> Option<&str> {
    let word = value.get(..7)?;
    word.eq_ignore_ascii_case("bearer ")
        .then(|| value[7..].trim_start())
}
