//! The body of `POST /v1/endpoint:connect` with `operation: "start"`: the
//! endpoint to dial (PSTN or SIP), actions, session data, insights.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Result, SymblError};
use crate::streaming::InsightType;

/// Where Symbl dials in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Endpoint {
    /// A phone number.
    Pstn {
        /// E.164 digits without `+` or separators (`14082924837`).
        #[serde(rename = "phoneNumber")]
        phone_number: String,
        /// Tones to send once the call is answered (`,,123456#`).
        #[serde(skip_serializing_if = "Option::is_none")]
        dtmf: Option<String>,
    },
    /// A SIP URI.
    Sip {
        /// The URI (`sip:meeting@example.com`).
        uri: String,
        /// The audio format of the SIP stream.
        #[serde(rename = "audioConfig", skip_serializing_if = "Option::is_none")]
        audio_config: Option<SipAudioConfig>,
    },
}

/// The audio format of a SIP endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SipAudioConfig {
    /// Sample rate in Hz (Symbl's SDKs use 16000).
    pub sample_rate: u32,
    /// Bits per sample, as Symbl spells it (a string: `"16"`).
    #[serde(serialize_with = "as_string")]
    pub sample_size: u32,
}

fn as_string<S: serde::Serializer>(value: &u32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&value.to_string())
}

/// Something Symbl does when the call starts or stops.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Action {
    /// `start` or `stop`.
    pub invoke_on: String,
    /// The action (`sendSummaryEmail`).
    pub name: String,
    /// Its parameters.
    pub parameters: Map<String, Value>,
}

impl Action {
    /// Emails the summary to `emails` when the call stops.
    ///
    /// ```no_run
    /// let action = symbl::telephony::Action::send_summary_email(["jane@example.com"]);
    /// ```
    pub fn send_summary_email(emails: impl IntoIterator<Item = impl Into<String>>) -> Self {
        let emails: Vec<Value> = emails
            .into_iter()
            .map(|e| Value::String(e.into()))
            .collect();
        let mut parameters = Map::new();
        parameters.insert("emails".into(), Value::Array(emails));
        Self {
            invoke_on: "stop".into(),
            name: "sendSummaryEmail".into(),
            parameters,
        }
    }
}

/// The start of a telephony connection. Build with [`ConnectRequest::pstn`]
/// or [`ConnectRequest::sip`], then the setters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConnectRequest {
    operation: &'static str,
    /// Where to dial.
    pub endpoint: Endpoint,
    /// Actions on start or stop.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<Action>,
    /// Session data (`{"session":{"name":…}}`).
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub data: Map<String, Value>,
    /// Insights to detect.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub insight_types: Vec<InsightType>,
    /// Languages spoken (BCP 47).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// IANA time zone of the meeting (`US/Pacific`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Whether Symbl pushes speaker events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_speaker_events: Option<bool>,
}

impl ConnectRequest {
    /// Dials a phone number: E.164 digits, no `+`, spaces or dashes.
    ///
    /// ```no_run
    /// use symbl::telephony::ConnectRequest;
    ///
    /// let request = ConnectRequest::pstn("14082924837").dtmf(",,939293#");
    /// ```
    pub fn pstn(phone_number: impl Into<String>) -> Self {
        Self::new(Endpoint::Pstn {
            phone_number: phone_number.into(),
            dtmf: None,
        })
    }

    /// Connects to a SIP URI.
    ///
    /// ```no_run
    /// use symbl::telephony::ConnectRequest;
    ///
    /// let request = ConnectRequest::sip("sip:standup@meet.example.com").sip_audio(16_000, 16);
    /// ```
    pub fn sip(uri: impl Into<String>) -> Self {
        Self::new(Endpoint::Sip {
            uri: uri.into(),
            audio_config: None,
        })
    }

    fn new(endpoint: Endpoint) -> Self {
        Self {
            operation: "start",
            endpoint,
            actions: Vec::new(),
            data: Map::new(),
            insight_types: Vec::new(),
            languages: Vec::new(),
            timezone: None,
            push_speaker_events: None,
        }
    }

    /// Tones to send once a PSTN call is answered (digits, `*`, `#`, and
    /// `,` for a pause); ignored for SIP.
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").dtmf(",,939293#,,1234#");
    /// ```
    pub fn dtmf(mut self, tones: impl Into<String>) -> Self {
        if let Endpoint::Pstn { dtmf, .. } = &mut self.endpoint {
            *dtmf = Some(tones.into());
        }
        self
    }

    /// The audio format of a SIP endpoint; ignored for PSTN.
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::sip("sip:room@meet.example.com").sip_audio(8_000, 16);
    /// ```
    pub fn sip_audio(mut self, sample_rate: u32, sample_size: u32) -> Self {
        if let Endpoint::Sip { audio_config, .. } = &mut self.endpoint {
            *audio_config = Some(SipAudioConfig {
                sample_rate,
                sample_size,
            });
        }
        self
    }

    /// Adds an action.
    ///
    /// ```no_run
    /// use symbl::telephony::{Action, ConnectRequest};
    /// let request = ConnectRequest::pstn("14082924837").action(Action::send_summary_email(["jane@example.com"]));
    /// ```
    pub fn action(mut self, action: Action) -> Self {
        self.actions.push(action);
        self
    }

    /// Names the meeting (`data.session.name`).
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").meeting_name("Weekly sync");
    /// ```
    pub fn meeting_name(mut self, name: impl Into<String>) -> Self {
        let mut session = Map::new();
        session.insert("name".into(), Value::String(name.into()));
        self.data.insert("session".into(), Value::Object(session));
        self
    }

    /// Sets the insights to detect.
    ///
    /// ```no_run
    /// use symbl::streaming::InsightType;
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").insight_types([InsightType::ActionItem]);
    /// ```
    pub fn insight_types(mut self, types: impl IntoIterator<Item = InsightType>) -> Self {
        self.insight_types = types.into_iter().collect();
        self
    }

    /// Sets the languages spoken.
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").languages(["en-US"]);
    /// ```
    pub fn languages(mut self, languages: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.languages = languages.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the meeting's IANA time zone.
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").timezone("US/Pacific");
    /// ```
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.timezone = Some(timezone.into());
        self
    }

    /// Asks Symbl to push speaker events.
    ///
    /// ```no_run
    /// let request = symbl::telephony::ConnectRequest::pstn("14082924837").push_speaker_events(true);
    /// ```
    pub fn push_speaker_events(mut self, push: bool) -> Self {
        self.push_speaker_events = Some(push);
        self
    }

    /// Refuses what Symbl would refuse, before anything is dialled.
    pub(crate) fn validate(&self) -> Result<()> {
        match &self.endpoint {
            Endpoint::Pstn { phone_number, dtmf } => {
                let digits = phone_number.len();
                if !(7..=15).contains(&digits) || !phone_number.bytes().all(|b| b.is_ascii_digit())
                {
                    return Err(invalid(format!(
                        "`{phone_number}` is not an E.164 number: 7 to 15 digits, no `+`, spaces or dashes"
                    )));
                }
                if let Some(tones) = dtmf
                    && !tones
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '*' | '#' | ','))
                {
                    return Err(invalid(format!(
                        "DTMF `{tones}` may hold only digits, `*`, `#` and `,`"
                    )));
                }
            }
            Endpoint::Sip { uri, .. } => {
                let lower = uri.to_ascii_lowercase();
                let ok = (lower.starts_with("sip:") || lower.starts_with("sips:"))
                    && uri.len() > 4
                    && !uri.chars().any(char::is_whitespace);
                if !ok {
                    return Err(invalid(format!("`{uri}` is not a SIP URI (sip:user@host)")));
                }
            }
        }
        if let Some(a) = self
            .actions
            .iter()
            .find(|a| a.name.trim().is_empty() || !matches!(a.invoke_on.as_str(), "start" | "stop"))
        {
            return Err(invalid(format!(
                "action `{}` needs a name and invokeOn `start` or `stop`",
                a.name
            )));
        }
        Ok(())
    }
}

/// The body that stops a connection.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StopBody<'a> {
    operation: &'static str,
    connection_id: &'a str,
}

impl<'a> StopBody<'a> {
    pub(crate) fn new(connection_id: &'a str) -> Self {
        Self {
            operation: "stop",
            connection_id,
        }
    }
}

fn invalid(message: String) -> SymblError {
    auth_core::Error::InvalidInput(message).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_pstn_request_has_symbls_shape() {
        let request = ConnectRequest::pstn("14082924837")
            .dtmf(",,939293#,,1234#")
            .action(Action::send_summary_email(["jane@example.com"]))
            .meeting_name("Weekly sync")
            .timezone("US/Pacific")
            .insight_types([InsightType::Question]);
        request.validate().expect("valid");
        assert_eq!(
            serde_json::to_value(&request).expect("serializes"),
            json!({
                "operation": "start",
                "endpoint": {"type": "pstn", "phoneNumber": "14082924837", "dtmf": ",,939293#,,1234#"},
                "actions": [{"invokeOn": "stop", "name": "sendSummaryEmail", "parameters": {"emails": ["jane@example.com"]}}],
                "data": {"session": {"name": "Weekly sync"}},
                "insightTypes": ["question"],
                "timezone": "US/Pacific"
            })
        );
    }

    #[test]
    fn a_sip_request_has_symbls_shape() {
        let request = ConnectRequest::sip("sip:standup@meet.example.com").sip_audio(16_000, 16);
        request.validate().expect("valid");
        assert_eq!(
            serde_json::to_value(&request).expect("serializes")["endpoint"],
            json!({"type": "sip", "uri": "sip:standup@meet.example.com", "audioConfig": {"sampleRate": 16000, "sampleSize": "16"}})
        );
        assert_eq!(
            serde_json::to_value(StopBody::new("c-1")).expect("serializes"),
            json!({"operation": "stop", "connectionId": "c-1"})
        );
    }

    #[test]
    fn what_symbl_would_refuse_is_refused_before_dialling() {
        for bad in [
            ConnectRequest::pstn("+1 408 292 4837"),
            ConnectRequest::pstn("123"),
            ConnectRequest::pstn("14082924837").dtmf("12;rm"),
            ConnectRequest::sip("standup@meet.example.com"),
            ConnectRequest::sip("sip:"),
        ] {
            assert!(bad.validate().is_err(), "{bad:?} passed");
        }
    }
}
