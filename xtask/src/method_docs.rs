//! House rule as a check, over the four service crates: every public
//! function has a compiling example (a ```` ```no_run ```` block in its doc
//! comment), an `# Errors` section when it returns a `Result`, and no `bool`
//! parameter unless it is a builder setter (`self` in, `Self` out): toggles
//! are setters, never positional flags.
//!
//! A line scanner, not a compiler: it reads each `pub fn` line, the doc
//! comment and attributes right above it, and the signature up to its body.
//! Functions a macro generates from forwarded attributes (`$(#[$meta])*`)
//! get their docs at the macro's call site, which this scan cannot see; they
//! are accepted.

use std::path::{Path, PathBuf};

/// The crates the rule applies to (under `crates/`).
pub(crate) const SERVICE_CRATES: [&str; 4] = ["symbl", "scinote", "scribe-mi", "ascribe-coder"];

/// One finding: the file, the line, the function and what is missing.
pub(crate) struct Finding {
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
    pub(crate) function: String,
    pub(crate) problem: &'static str,
}

/// Scans every `src/` file of the service crates under `crates_dir`.
pub(crate) fn check(crates_dir: &Path) -> Vec<Finding> {
    let mut files = Vec::new();
    for krate in SERVICE_CRATES {
        let mut own = Vec::new();
        crate::public_api::collect_rs(&crates_dir.join(krate).join("src"), &mut own);
        own.sort();
        files.extend(own);
    }
    let mut findings = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (line, function, problem) in scan(&text) {
            findings.push(Finding {
                file: file.clone(),
                line,
                function,
                problem,
            });
        }
    }
    findings
}

/// `(line, function name, problem)` for every public function of `src`
/// that breaks the rule.
fn scan(src: &str) -> Vec<(usize, String, &'static str)> {
    let lines: Vec<&str> = src.lines().collect();
    let mut findings = Vec::new();
    for (idx, raw) in lines.iter().enumerate() {
        let line = raw.trim_start();
        // Test modules sit at the end of a file; nothing after them is API.
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        let Some(name) = public_fn_name(line) else {
            continue;
        };
        let doc = doc_above(&lines, idx);
        let signature = signature_from(&lines, idx);
        let forwarded = doc.contains("#[$");
        if !forwarded && !doc.contains("no_run") {
            findings.push((idx + 1, name.clone(), "no ```no_run example in its docs"));
        }
        if !forwarded && returns_result(&signature) && !doc.contains("# Errors") {
            findings.push((
                idx + 1,
                name.clone(),
                "returns Result but has no `# Errors` section",
            ));
        }
        if takes_bool(&signature) && !is_setter(&signature) {
            findings.push((idx + 1, name, "takes a bool but is not a builder setter"));
        }
    }
    findings
}

/// The name of the function a line declares, when it is `pub fn` (with any
/// of `const`, `async`, `unsafe`), not `pub(crate)`.
fn public_fn_name(line: &str) -> Option<String> {
    let mut rest = line.strip_prefix("pub ")?;
    loop {
        rest = rest.trim_start();
        if let Some(r) = ["const ", "async ", "unsafe "]
            .iter()
            .find_map(|q| rest.strip_prefix(q))
        {
            rest = r;
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The doc comment and attributes directly above line `idx`, joined.
fn doc_above(lines: &[&str], idx: usize) -> String {
    let mut collected = Vec::new();
    let mut k = idx;
    let mut in_attribute = false;
    while k > 0 {
        k -= 1;
        let l = lines[k].trim();
        if in_attribute {
            collected.push(l);
            if l.starts_with("#[") {
                in_attribute = false;
            }
            continue;
        }
        if l.starts_with("///") || l.starts_with("#[") || l.starts_with("$(#[") {
            collected.push(l);
        } else if l.ends_with(']') || l.ends_with("),") || l.ends_with(')') {
            // The last line of an attribute spread over several lines.
            collected.push(l);
            in_attribute = true;
        } else {
            break;
        }
    }
    collected.join("\n")
}

/// The signature starting at line `idx`, up to its body or `;`.
fn signature_from(lines: &[&str], idx: usize) -> String {
    let mut signature = String::new();
    for l in &lines[idx..] {
        let mut depth = 0i32;
        for c in l.chars() {
            match c {
                '(' | '[' | '<' => depth += 1,
                ')' | ']' | '>' => depth -= 1,
                '{' | ';' if depth <= 0 && signature_has_params(&signature, l, c) => {
                    let cut = l.find(c).unwrap_or(l.len());
                    signature.push_str(&l[..cut]);
                    return signature;
                }
                _ => {}
            }
        }
        signature.push_str(l);
        signature.push(' ');
    }
    signature
}

/// Whether a `{` or `;` ends the signature (its parameter list is closed).
fn signature_has_params(so_far: &str, line: &str, c: char) -> bool {
    let cut = line.find(c).unwrap_or(line.len());
    let text = format!("{so_far}{}", &line[..cut]);
    let open = text.matches('(').count();
    open > 0 && open == text.matches(')').count()
}

fn params(signature: &str) -> &str {
    let Some(open) = signature.find('(') else {
        return "";
    };
    let mut depth = 0;
    for (k, c) in signature[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &signature[open + 1..open + k];
                }
            }
            _ => {}
        }
    }
    &signature[open + 1..]
}

fn return_type(signature: &str) -> &str {
    let p = params(signature);
    let after = signature
        .find(p)
        .map(|at| &signature[at + p.len()..])
        .unwrap_or("");
    after.split_once("->").map(|(_, r)| r).unwrap_or("")
}

/// Whether the return type names `Result` as a word (not `ResultAttributes`).
fn returns_result(signature: &str) -> bool {
    let ret = return_type(signature);
    ret.match_indices("Result").any(|(at, _)| {
        let before = ret[..at].chars().next_back();
        let after = ret[at + "Result".len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

fn takes_bool(signature: &str) -> bool {
    params(signature)
        .split(',')
        .any(|p| p.split_once(':').is_some_and(|(_, t)| t.trim() == "bool"))
}

fn is_setter(signature: &str) -> bool {
    let first = params(signature).split(',').next().unwrap_or("").trim();
    (first == "self" || first == "mut self") && return_type(signature).trim() == "Self"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<&'static str> {
        scan(src).into_iter().map(|(_, _, p)| p).collect()
    }

    #[test]
    fn a_documented_method_with_example_and_errors_passes() {
        let src = "/// Gets it.\n///\n/// # Errors\n/// [`Error::Api`].\n///\n/// ```no_run\n/// x();\n/// ```\npub async fn get(&self, id: impl Into<Id>) -> Result<Thing> {\n    todo!()\n}\n";
        assert!(problems(src).is_empty());
    }

    #[test]
    fn a_missing_example_or_errors_section_is_found() {
        let src = "/// Gets it.\npub fn get(&self) -> Result<Thing> { todo!() }\n";
        assert_eq!(
            problems(src),
            vec![
                "no ```no_run example in its docs",
                "returns Result but has no `# Errors` section"
            ]
        );
        let no_result =
            "/// Name.\n/// ```\n/// x\n/// ```\npub fn name(&self) -> &str { &self.0 }\n";
        assert_eq!(
            problems(no_result),
            vec!["no ```no_run example in its docs"]
        );
    }

    #[test]
    fn bool_parameters_are_found_unless_in_a_setter() {
        let doc = "/// ```no_run\n/// ```\n";
        let positional = format!(
            "{doc}pub fn messages(&self, verbose: bool, sentiment: bool) -> Vec<M> {{ todo!() }}\n"
        );
        assert_eq!(
            problems(&positional),
            vec!["takes a bool but is not a builder setter"]
        );
        let setter = format!("{doc}pub fn verbose(mut self, on: bool) -> Self {{ self }}\n");
        assert!(problems(&setter).is_empty());
        let multi_line =
            format!("{doc}pub fn f(\n    &self,\n    flag: bool,\n) -> u8 {{\n    0\n}}\n");
        assert_eq!(
            problems(&multi_line),
            vec!["takes a bool but is not a builder setter"]
        );
    }

    #[test]
    fn private_and_test_items_and_forwarded_docs_are_skipped() {
        assert!(problems("pub(crate) fn f(x: bool) {}\n").is_empty());
        assert!(problems("#[cfg(test)]\nmod tests {\n    pub fn helper() {}\n}\n").is_empty());
        assert!(
            problems(
                "        $(#[$meta])*\n        pub fn $name(mut self, v: $t) -> Self { self }\n"
            )
            .is_empty()
        );
    }

    #[test]
    fn multi_line_doc_attributes_count_as_docs() {
        let src = "/// Key.\n///\n/// ```no_run\n#[doc = concat!(\n    \"let k = 1;\",\n)]\n/// ```\npub const fn get(self) -> i64 { self.0 }\n";
        assert!(problems(src).is_empty());
    }
}
