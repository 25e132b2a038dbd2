//! The wire forms of the one-character enums and their sets.

use super::*;

#[test]
fn both_forms_decode_and_the_char_form_is_sent() {
    for raw in [r#""c""#, r#""Completed""#, r#""completed""#] {
        let s: StudyStatus = serde_json::from_str(raw).expect("decodes");
        assert_eq!(s, StudyStatus::Completed);
    }
    assert_eq!(
        serde_json::to_string(&StudyStatus::UnderConstruction).expect("encodes"),
        r#""u""#
    );
    let q: QuestionType = serde_json::from_str(r#""Open""#).expect("decodes");
    assert_eq!(q, QuestionType::Open);
    assert_eq!(serde_json::to_string(&q).expect("encodes"), r#""o""#);
}

#[test]
fn unknown_values_are_kept() {
    let s: StudyStatus = serde_json::from_str(r#""z""#).expect("decodes");
    assert_eq!(s, StudyStatus::Unknown("z".into()));
    assert_eq!(serde_json::to_string(&s).expect("encodes"), r#""z""#);
    let n: Task = serde_json::from_str("7").expect("decodes");
    assert_eq!(n, Task::Unknown("7".into()));
}

#[test]
fn sets_decode_letters_names_and_arrays() {
    let letters: CharSet<Task> = serde_json::from_str(r#""cb""#).expect("decodes");
    assert_eq!(letters.0, vec![Task::Code, Task::Transcribe]);
    let names: CharSet<Task> = serde_json::from_str(r#""Code, Transcribe""#).expect("decodes");
    assert_eq!(names, letters);
    let one: CharSet<Task> = serde_json::from_str(r#""Translate""#).expect("decodes");
    assert_eq!(one.0, vec![Task::Translate]);
    let array: CharSet<Task> = serde_json::from_str(r#"["Code","x"]"#).expect("decodes");
    assert_eq!(array.0, vec![Task::Code, Task::Crosstab]);
    assert_eq!(serde_json::to_string(&array).expect("encodes"), r#""cx""#);
    let none: CharSet<Task> = serde_json::from_str(r#""None""#).expect("decodes");
    assert!(none.is_empty());
    let os: QuestionType = serde_json::from_str(r#""OS""#).expect("decodes");
    assert_eq!(os, QuestionType::OtherSpecify);
    let unset: CodingSource = serde_json::from_str(r#""""#).expect("decodes");
    assert_eq!(unset, CodingSource::NoSource);
    let named: CodingSource = serde_json::from_str(r#""None""#).expect("decodes");
    assert_eq!(serde_json::to_string(&named).expect("encodes"), r#""""#);
    let odd: CharSet<Task> = serde_json::from_str(r#""cq""#).expect("decodes");
    assert_eq!(odd.0, vec![Task::Code, Task::Unknown("q".into())]);
}
