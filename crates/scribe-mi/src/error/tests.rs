//! The Cognito error codes keep their meaning.
use super::*;

fn failure(code: &str) -> CognitoFailure {
    CognitoFailure {
        operation: "InitiateAuth",
        code: code.into(),
        message: "m".into(),
        request_id: Some("r".into()),
    }
}

#[test]
fn every_cognito_code_keeps_its_meaning() {
    type Check = fn(&ScribeError) -> bool;
    let cases: [(&str, Check); 12] = [
        ("NotAuthorizedException", |e| {
            matches!(e, ScribeError::NotAuthorized(_))
        }),
        ("UserNotFoundException", |e| {
            matches!(e, ScribeError::UserNotFound(_))
        }),
        ("UserNotConfirmedException", |e| {
            matches!(e, ScribeError::UserNotConfirmed(_))
        }),
        ("PasswordResetRequiredException", |e| {
            matches!(e, ScribeError::PasswordResetRequired(_))
        }),
        ("InvalidPasswordException", |e| {
            matches!(e, ScribeError::PasswordPolicy(_))
        }),
        ("CodeMismatchException", |e| {
            matches!(e, ScribeError::CodeMismatch(_))
        }),
        ("ExpiredCodeException", |e| {
            matches!(e, ScribeError::ExpiredCode(_))
        }),
        ("TooManyRequestsException", |e| {
            matches!(e, ScribeError::Throttled(_))
        }),
        ("LimitExceededException", |e| {
            matches!(e, ScribeError::Throttled(_))
        }),
        ("ResourceNotFoundException", |e| {
            matches!(e, ScribeError::UnknownClientOrPool(_))
        }),
        ("InvalidParameterException", |e| {
            matches!(e, ScribeError::InvalidParameter(_))
        }),
        ("SomethingNewException", |e| {
            matches!(e, ScribeError::Cognito(_))
        }),
    ];
    for (code, is_expected) in cases {
        let err = ScribeError::from_failure(failure(code));
        assert!(is_expected(&err), "{code} became {err:?}");
        assert_eq!(err.cognito_code(), Some(code));
        assert_eq!(
            err.failure().and_then(|f| f.request_id.as_deref()),
            Some("r")
        );
    }
    assert!(ScribeError::from_failure(failure("TooManyRequestsException")).is_retryable());
    assert!(ScribeError::from_failure(failure("UserNotConfirmedException")).is_auth());
}

#[test]
fn codes_are_normalized() {
    assert_eq!(
        normalize_code("aws.cognito#NotAuthorizedException:http://x"),
        "NotAuthorizedException"
    );
    assert_eq!(
        normalize_code("UserNotFoundException"),
        "UserNotFoundException"
    );
}
