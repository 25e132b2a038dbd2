//! House rule as a check: no public item of any crate names a type of the
//! HTTP library (reqwest) or of the retry library (backon). They are
//! implementation details of auth-core; the one deliberate exception is the
//! custom-client setter (`http_client(reqwest::Client)`) and the re-export
//! that lets users build that client.
//!
//! A small scanner, not a compiler: comments and string literals are
//! dropped, then every `pub` item's public surface is read (a function's
//! signature, a pub field, a whole pub trait or enum, a type alias). The
//! workspace denies `unreachable_pub`, so every `pub` in `src/` is public.

use std::path::{Path, PathBuf};

/// Names that must not appear in a public signature.
const FORBIDDEN: [&str; 2] = ["reqwest", "backon"];

/// Public items allowed to name them: the custom-client setter, the field
/// carrying that client, and the re-export of the crate for it.
const ALLOWED: [&str; 3] = ["fn http_client", "pub use reqwest", "$crate::reqwest"];

/// One finding: the file, the line and the item's text.
pub(crate) struct Finding {
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
    pub(crate) item: String,
}

/// Scans every `src/` file of every crate under `crates_dir`.
pub(crate) fn check(crates_dir: &Path) -> Vec<Finding> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(crates_dir) {
        for entry in entries.flatten() {
            collect_rs(&entry.path().join("src"), &mut files);
        }
    }
    files.sort();
    let mut findings = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (line, item) in scan(&strip(&text)) {
            findings.push(Finding {
                file: file.clone(),
                line,
                item,
            });
        }
    }
    findings
}

/// Every `.rs` file under `dir`, recursively (also used by `method_docs`).
pub(crate) fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments and the contents of string and char literals
/// blanked out (newlines kept, so line numbers stay right).
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, c: u8| out.push(if c == b'\n' { '\n' } else { ' ' });
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                    out.push_str("  ");
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    out.push_str("  ");
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) && raw_start(b, i) {
            // r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            out.push_str(&" ".repeat(j - i + 1));
            j += 1;
            while j < b.len() {
                if b[j] == b'"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == b'#')
                        .count()
                        == hashes
                {
                    j += 1 + hashes;
                    out.push_str(&" ".repeat(1 + hashes));
                    break;
                }
                blank(&mut out, b[j]);
                j += 1;
            }
            i = j;
        } else if c == b'"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    blank(&mut out, b[i]);
                    i += 1;
                }
                if i < b.len() {
                    blank(&mut out, b[i]);
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == b'\'' && is_char_literal(b, i) {
            out.push('\'');
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(' ');
                    i += 1;
                }
            }
            out.push('\'');
            i += 1;
        } else {
            out.push(char::from(c));
            i += 1;
        }
    }
    // Multi-byte UTF-8 was pushed byte-wise above only for ASCII; any other
    // byte ends up as a Latin-1 char, which is harmless for the scan.
    out
}

fn raw_start(b: &[u8], i: usize) -> bool {
    // `r` must start a token (not the end of an identifier like `bar"`).
    i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn is_char_literal(b: &[u8], i: usize) -> bool {
    // 'x' or '\n' (a lifetime `'a` has no closing quote right after).
    matches!(
        (b.get(i + 1), b.get(i + 2)),
        (Some(b'\\'), _) | (Some(_), Some(b'\''))
    )
}

/// The public surfaces in `src` (already stripped) that name a forbidden
/// crate: `(line, text)`.
fn scan(src: &str) -> Vec<(usize, String)> {
    let b = src.as_bytes();
    let mut findings = Vec::new();
    let mut i = 0;
    while let Some(pos) = src[i..].find("pub") {
        let at = i + pos;
        i = at + 3;
        let before_ok = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_');
        let after_ok = src[at + 3..].starts_with(char::is_whitespace);
        // `pub(crate)`, `pub(super)` and identifiers like `public` are skipped.
        if !before_ok || !after_ok {
            continue;
        }
        let surface = surface_of(src, at);
        if FORBIDDEN.iter().any(|f| names(&surface, f))
            && !ALLOWED.iter().any(|a| surface.contains(a))
        {
            let line = src[..at].bytes().filter(|&c| c == b'\n').count() + 1;
            let text: String = surface.split_whitespace().collect::<Vec<_>>().join(" ");
            findings.push((line, text.chars().take(160).collect()));
        }
    }
    findings
}

/// Whether `text` names `krate` as a path (`reqwest::X`) or on its own.
fn names(text: &str, krate: &str) -> bool {
    text.match_indices(krate).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + krate.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The public part of the item starting at `at`: a function's signature (up
/// to its body), a trait's or enum's whole block, a field or alias up to its
/// end, a `use` up to `;`. A struct's body is not public (its pub fields are
/// found on their own).
fn surface_of(src: &str, at: usize) -> String {
    let rest = &src[at..];
    let words: Vec<&str> = rest.split_whitespace().take(4).collect();
    let kind = words
        .iter()
        .skip(1)
        .find(|w| !matches!(**w, "async" | "const" | "unsafe" | "extern"))
        .copied()
        .unwrap_or("");
    let whole_block = kind.starts_with("trait") || kind.starts_with("enum");
    let mut depth = 0i32;
    let mut angle = 0i32;
    for (k, c) in rest.char_indices() {
        match c {
            '<' => angle += 1,
            '>' if angle > 0 => angle -= 1,
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '{' if depth == 0 && angle == 0 => {
                if whole_block {
                    return block(rest, k);
                }
                // A fn body or struct body starts: the surface ends here.
                return rest[..k].to_owned();
            }
            ';' if depth == 0 => return rest[..k].to_owned(),
            ',' if depth == 0 && angle == 0 && kind.ends_with(':') => return rest[..k].to_owned(),
            '}' if depth == 0 => return rest[..k].to_owned(),
            _ => {}
        }
        if depth < 0 {
            return rest[..k].to_owned();
        }
    }
    rest.to_owned()
}

fn block(rest: &str, open: usize) -> String {
    let mut depth = 0;
    for (k, c) in rest[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return rest[..open + k + 1].to_owned();
                }
            }
            _ => {}
        }
    }
    rest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> Vec<String> {
        scan(&strip(src)).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn public_signatures_naming_reqwest_or_backon_are_found() {
        assert_eq!(found("pub fn send(r: &mut reqwest::Request) {}").len(), 1);
        assert_eq!(
            found("pub trait A { fn f(&self, r: reqwest::Body); }").len(),
            1
        );
        assert_eq!(
            found("pub enum E { X { source: Arc<reqwest::Error> } }").len(),
            1
        );
        assert_eq!(
            found("pub fn d() -> impl backon::Backoff { todo!() }").len(),
            1
        );
        assert_eq!(
            found("pub struct S { pub client: reqwest::Client }").len(),
            1
        );
    }

    #[test]
    fn private_items_comments_strings_and_the_setter_are_not() {
        assert!(found("pub(crate) fn f(r: reqwest::Request) {}").is_empty());
        assert!(found("/// uses reqwest::Client\npub fn f() {}").is_empty());
        assert!(found("pub fn f() { let c = reqwest::Client::new(); }").is_empty());
        assert!(found("pub fn f() -> &'static str { \"reqwest::Client\" }").is_empty());
        assert!(found("pub struct S { client: reqwest::Client }").is_empty());
        assert!(
            found("pub fn http_client(mut self, c: reqwest::Client) -> Self { self }").is_empty()
        );
        assert!(found("pub use reqwest;").is_empty());
    }
}
