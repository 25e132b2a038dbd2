//! Output: pretty JSON with `--json` (for scripts), else a plain table.
//!
//! Every key is printed in snake_case, whatever case the API uses
//! (Symbl and Ascribe answer in camelCase, SciNote in snake_case), so one
//! script reads every command's `--json` the same way.

use serde::Serialize;
use serde_json::Value;

use crate::error::CliError;

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Output {
    json: bool,
}

impl Output {
    /// JSON when `json`, tables otherwise.
    pub(crate) fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether `--json` was given.
    pub(crate) fn is_json(&self) -> bool {
        self.json
    }

    /// Prints a list as a table of `columns` (JSON: the whole list).
    pub(crate) fn list<T: Serialize>(&self, items: &[T], columns: &[&str]) -> Result<(), CliError> {
        let value = to_value(items)?;
        if self.json {
            return print_json(&value);
        }
        let rows: Vec<Vec<String>> = value
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|item| columns.iter().map(|c| cell(item, c)).collect())
                    .collect()
            })
            .unwrap_or_default();
        if rows.is_empty() {
            println!("(none)");
            return Ok(());
        }
        let headers: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
        let widths: Vec<usize> = (0..columns.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r[i].chars().count())
                    .chain([headers[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        print_row(&headers, &widths);
        for row in &rows {
            print_row(row, &widths);
        }
        Ok(())
    }

    /// Prints one object as `key: value` lines of `fields` (JSON: the whole object).
    pub(crate) fn object<T: Serialize>(&self, item: &T, fields: &[&str]) -> Result<(), CliError> {
        let value = to_value(item)?;
        if self.json {
            return print_json(&value);
        }
        let width = fields.iter().map(|f| f.len()).max().unwrap_or(0);
        for field in fields {
            println!("{field:<width$}  {}", cell(&value, field));
        }
        Ok(())
    }

    /// Prints a status message (JSON: `value`).
    pub(crate) fn message(&self, text: &str, value: Value) -> Result<(), CliError> {
        if self.json {
            return print_json(&value);
        }
        println!("{text}");
        Ok(())
    }
}

fn to_value<T: Serialize + ?Sized>(item: &T) -> Result<Value, CliError> {
    serde_json::to_value(item)
        .map(snake_keys)
        .map_err(|e| CliError::other(format!("cannot format output: {e}")))
}

/// `value` with every object key in snake_case.
pub(crate) fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake_case(&k), snake_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// `jobId` → `job_id`, `HTTPStatus` → `http_status`, `x-request-id` →
/// `x_request_id`; snake_case stays as it is.
fn snake_case(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' {
            out.push('_');
            continue;
        }
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn print_json(value: &Value) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::other(format!("cannot format output: {e}")))?;
    println!("{text}");
    Ok(())
}

fn print_row(cells: &[String], widths: &[usize]) {
    let line: Vec<String> = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| format!("{c:<w$}"))
        .collect();
    println!("{}", line.join("  ").trim_end());
}

/// One field (dotted paths reach into objects) as text.
fn cell(item: &Value, path: &str) -> String {
    let mut v = item;
    for part in path.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => return String::new(),
        }
    }
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.len()),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, snake_case, snake_keys};
    use serde_json::json;

    #[test]
    fn keys_come_out_in_snake_case_at_every_depth() {
        assert_eq!(snake_case("jobId"), "job_id");
        assert_eq!(snake_case("conversationId"), "conversation_id");
        assert_eq!(snake_case("HTTPStatus"), "http_status");
        assert_eq!(snake_case("x-request-id"), "x_request_id");
        assert_eq!(snake_case("created_at"), "created_at");
        assert_eq!(snake_case("codebookKey2"), "codebook_key2");
        let v = snake_keys(json!({"jobId": 1, "items": [{"inputId": "a"}]}));
        assert_eq!(v, json!({"job_id": 1, "items": [{"input_id": "a"}]}));
    }

    #[test]
    fn cells_follow_dotted_paths_and_flatten_values() {
        let item = json!({"id": "7", "attributes": {"name": "Lab", "n": 3}, "tags": [1, 2]});
        assert_eq!(cell(&item, "id"), "7");
        assert_eq!(cell(&item, "attributes.name"), "Lab");
        assert_eq!(cell(&item, "attributes.n"), "3");
        assert_eq!(cell(&item, "tags"), "[2]");
        assert_eq!(cell(&item, "attributes.missing"), "");
    }
}
