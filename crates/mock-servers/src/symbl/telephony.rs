//! Telephony: `POST /v1/endpoint:connect` starts (PSTN or SIP) and stops
//! connections; each start creates a conversation.

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use super::{State, TelephonyCall, message};

impl State {
    /// `POST /v1/endpoint:connect`: start dials a PSTN number or a SIP URI
    /// (checked as Symbl does) and creates the conversation; stop ends it.
    pub(super) fn endpoint_connect(&mut self, body: &Value, host: &str) -> ResponseTemplate {
        self.telephony_requests.push(body.clone());
        match body["operation"].as_str() {
            Some("start") => {
                let endpoint = &body["endpoint"];
                let target = match endpoint["type"].as_str() {
                    Some("pstn") => match endpoint["phoneNumber"].as_str() {
                        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                            format!("+{n}")
                        }
                        _ => return message(400, "phoneNumber is required when type = 'pstn'."),
                    },
                    Some("sip") => match endpoint["uri"].as_str() {
                        Some(u) if u.starts_with("sip:") || u.starts_with("sips:") => u.to_owned(),
                        _ => return message(400, "uri is required when type = 'sip'."),
                    },
                    _ => {
                        return message(
                            400,
                            "endpoint.type is not valid. Supported types are ['pstn' , 'sip']",
                        );
                    }
                };
                let name = body["data"]["session"]["name"]
                    .as_str()
                    .unwrap_or("Telephony call")
                    .to_owned();
                let conversation_id = self.new_id("conv");
                self.add_conversation(
                    &conversation_id,
                    &name,
                    vec![format!(
                        "Symbl joined the call at {target}. We will follow up on the Budget next week."
                    )],
                );
                let connection_id = self.new_id("conn");
                self.telephony.insert(
                    connection_id.clone(),
                    TelephonyCall {
                        conversation_id: conversation_id.clone(),
                        active: true,
                    },
                );
                ResponseTemplate::new(201).set_body_json(json!({
                    "connectionId": connection_id,
                    "conversationId": conversation_id,
                    "resultWebSocketUrl": format!(
                        "ws://{}/events/{connection_id}",
                        self.stream_addr.as_deref().unwrap_or(host)
                    ),
                    "eventUrl": format!("http://{host}/v1/event/{connection_id}"),
                }))
            }
            Some("stop") => {
                let id = body["connectionId"].as_str().unwrap_or("");
                match self.telephony.get_mut(id) {
                    Some(call) if call.active => {
                        call.active = false;
                        self.telephony_changes.send_modify(|n| *n += 1);
                        ResponseTemplate::new(200).set_body_json(json!({
                            "connectionId": id,
                            "conversationId": call.conversation_id,
                        }))
                    }
                    Some(_) => message(400, "The connection has already been stopped."),
                    None => message(404, "The connectionId is either invalid or does not exist."),
                }
            }
            _ => message(400, "operation must be 'start' or 'stop'"),
        }
    }
}
