//! Output: pretty JSON with `--json` (for scripts), else a plain table.

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
    serde_json::to_value(item).map_err(|e| CliError::other(format!("cannot format output: {e}")))
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

/// An upload progress bar on stderr, hidden when stderr is not a terminal
/// (so logs and tests see no control characters). Returns the bar and a
/// callback of `(sent, total)` for the SDKs' progress hooks.
pub(crate) fn upload_bar(
    label: &str,
) -> (
    indicatif::ProgressBar,
    std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>,
) {
    use std::io::IsTerminal;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(label.to_owned());
    let handle = bar.clone();
    let callback = std::sync::Arc::new(move |sent: u64, total: u64| {
        handle.set_length(total);
        handle.set_position(sent);
    });
    (bar, callback)
}

#[cfg(test)]
mod tests {
    use super::cell;
    use serde_json::json;

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
