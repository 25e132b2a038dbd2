//! Colour, used sparingly (the `error:` label only) and only on a terminal
//! that wants it: `NO_COLOR` set to anything non-empty (<https://no-color.org>)
//! or `TERM=dumb` turns it off, as does a pipe or a file.

use std::io::IsTerminal;

/// Whether stderr gets colour, from the terminal and the environment.
fn stderr_colour() -> bool {
    wants_colour(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

fn wants_colour(
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// `error:`, in bold red when stderr is a terminal that wants colour.
pub(crate) fn error_label() -> &'static str {
    if stderr_colour() {
        "\x1b[1;31merror:\x1b[0m"
    } else {
        "error:"
    }
}

#[cfg(test)]
mod tests {
    use super::wants_colour;
    use std::ffi::OsStr;

    #[test]
    fn no_color_dumb_terminals_and_pipes_get_no_colour() {
        assert!(wants_colour(true, None, Some(OsStr::new("xterm"))));
        assert!(wants_colour(true, Some(OsStr::new("")), None));
        assert!(!wants_colour(true, Some(OsStr::new("1")), None));
        assert!(!wants_colour(true, None, Some(OsStr::new("dumb"))));
        assert!(!wants_colour(false, None, None));
    }
}
