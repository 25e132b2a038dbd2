//! The MI API's wire types.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A task's status. Unknown statuses are kept, not rejected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TaskStatus {
    /// Waiting for the file to be uploaded.
    PendingUpload,
    /// Being processed.
    Processing,
    /// Done: the model can be fetched.
    Success,
    /// Deleted.
    Deleted,
    /// Processing failed.
    Failed,
    /// A status this SDK does not know yet.
    Other(String),
}

impl TaskStatus {
    /// The wire form.
    ///
    /// ```no_run
    /// assert_eq!(scribe_mi::mi::TaskStatus::Success.as_str(), "SUCCESS");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::PendingUpload => "PENDING_UPLOAD",
            TaskStatus::Processing => "PROCESSING",
            TaskStatus::Success => "SUCCESS",
            TaskStatus::Deleted => "DELETED",
            TaskStatus::Failed => "FAILED",
            TaskStatus::Other(s) => s,
        }
    }
}

impl From<&str> for TaskStatus {
    fn from(s: &str) -> Self {
        match s {
            "PENDING_UPLOAD" => TaskStatus::PendingUpload,
            "PROCESSING" => TaskStatus::Processing,
            "SUCCESS" => TaskStatus::Success,
            "DELETED" => TaskStatus::Deleted,
            "FAILED" | "ERROR" => TaskStatus::Failed,
            other => TaskStatus::Other(other.to_owned()),
        }
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| TaskStatus::from(s.as_str()))
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The file types the MI API accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum FileType {
    /// PDF.
    Pdf,
    /// Excel.
    Xlsx,
    /// Excel (legacy).
    Xls,
    /// Excel with macros.
    Xlsm,
    /// Word (legacy).
    Doc,
    /// Word.
    Docx,
    /// PowerPoint (legacy).
    Ppt,
    /// PowerPoint.
    Pptx,
}

impl FileType {
    /// Every supported type.
    pub const ALL: [FileType; 8] = [
        FileType::Pdf,
        FileType::Xlsx,
        FileType::Xls,
        FileType::Xlsm,
        FileType::Doc,
        FileType::Docx,
        FileType::Ppt,
        FileType::Pptx,
    ];

    /// The wire form (`pdf`).
    ///
    /// ```no_run
    /// assert_eq!(scribe_mi::mi::FileType::Pdf.as_str(), "pdf");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Xlsx => "xlsx",
            FileType::Xls => "xls",
            FileType::Xlsm => "xlsm",
            FileType::Doc => "doc",
            FileType::Docx => "docx",
            FileType::Ppt => "ppt",
            FileType::Pptx => "pptx",
        }
    }

    /// The type for a file extension (case-insensitive), if supported.
    ///
    /// ```no_run
    /// use scribe_mi::mi::FileType;
    /// assert_eq!(FileType::from_extension("PDF"), Some(FileType::Pdf));
    /// ```
    pub fn from_extension(ext: &str) -> Option<Self> {
        let ext = ext.to_ascii_lowercase();
        Self::ALL.into_iter().find(|t| t.as_str() == ext)
    }
}

impl fmt::Display for FileType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An MI task: one submitted document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MiTask {
    /// The job id.
    pub jobid: crate::ids::JobId,
    /// The client it belongs to.
    #[serde(default)]
    pub client: Option<String>,
    /// Its status.
    pub status: TaskStatus,
    /// When it was submitted (Unix time in seconds or milliseconds, as sent).
    #[serde(default)]
    pub submitted: Option<u64>,
    /// The company the document is about.
    #[serde(default)]
    pub company_name: Option<String>,
    /// The file name given at submission.
    #[serde(default)]
    pub client_filename: Option<String>,
    /// The original file name.
    #[serde(default)]
    pub original_filename: Option<String>,
    /// The model's file name.
    #[serde(default)]
    pub client_model_filename: Option<String>,
    /// A short-lived presigned URL of the model (when processed).
    #[serde(default)]
    pub model_url: Option<String>,
}

/// A value in a model item: text, a number, or a value with its bounding box.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ItemValue {
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
    /// A value found at a place in the document.
    Located {
        /// The value.
        value: Box<ItemValue>,
        /// `page;x;y;w;h`, or empty.
        #[serde(default)]
        bbox: Option<String>,
    },
}

/// One extracted line item.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Item {
    /// The normalized tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// The normalized term.
    #[serde(default)]
    pub term: Option<String>,
    /// The term as written in the document.
    #[serde(default)]
    pub ogterm: Option<String>,
    /// Values by period or column.
    #[serde(default)]
    pub values: BTreeMap<String, ItemValue>,
}

/// The financials extracted from a document.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FinancialsModel {
    /// The company.
    #[serde(default)]
    pub company: Option<String>,
    /// The reporting date (`YYYY-MM-DD`).
    #[serde(default)]
    pub date_reporting: Option<String>,
    /// The period covered.
    #[serde(default)]
    pub covering: Option<String>,
    /// The items.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// A table of a fund performance model.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FundTable {
    /// The table title.
    #[serde(default)]
    pub title: Option<String>,
    /// The column order.
    #[serde(default)]
    pub columns_order: Vec<String>,
    /// The rows.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// A fund performance model (also what consolidation returns).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct FundPerformanceModel {
    /// The date (`YYYY-MM-DD`).
    #[serde(default)]
    pub date: Option<String>,
    /// The tables.
    #[serde(default)]
    pub tables: Vec<FundTable>,
}

/// A fetched model: financials or fund performance, or anything else kept
/// as JSON when the service adds a kind.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Model {
    /// A fund performance model (has `tables`).
    FundPerformance(FundPerformanceModel),
    /// A financials model (has `items`).
    Financials(FinancialsModel),
    /// Another shape.
    Other(serde_json::Value),
}

impl Model {
    /// Decodes a model document by its shape.
    ///
    /// ```no_run
    /// # fn run(json: serde_json::Value) {
    /// match scribe_mi::mi::Model::from_json(json) {
    ///     scribe_mi::mi::Model::Financials(m) => println!("{} items", m.items.len()),
    ///     other => println!("{other:?}"),
    /// }
    /// # }
    /// ```
    pub fn from_json(value: serde_json::Value) -> Self {
        if value.get("tables").is_some()
            && let Ok(m) = serde_json::from_value(value.clone())
        {
            return Model::FundPerformance(m);
        }
        if value.get("items").is_some()
            && let Ok(m) = serde_json::from_value(value.clone())
        {
            return Model::Financials(m);
        }
        Model::Other(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_values_take_three_shapes() {
        let item: Item = serde_json::from_value(serde_json::json!({
            "tag": "revenue", "term": "Revenue", "ogterm": "Total revenue",
            "values": {"2024": 12.5, "2023": "n/a", "2022": {"value": 9, "bbox": "1;0.1;0.2;0.3;0.04"}, "2021": {"value": "7", "bbox": ""}}
        }))
        .expect("valid");
        assert_eq!(item.values["2024"], ItemValue::Number(12.5));
        assert_eq!(item.values["2023"], ItemValue::Text("n/a".into()));
        assert!(
            matches!(&item.values["2022"], ItemValue::Located { value, bbox: Some(b) } if **value == ItemValue::Number(9.0) && b.starts_with("1;"))
        );
    }

    #[test]
    fn unknown_statuses_are_kept_and_models_are_told_apart() {
        let t: MiTask = serde_json::from_value(
            serde_json::json!({"jobid": "j", "status": "QUEUED_FOR_REVIEW"}),
        )
        .expect("valid");
        assert_eq!(t.status, TaskStatus::Other("QUEUED_FOR_REVIEW".into()));
        assert!(matches!(
            Model::from_json(serde_json::json!({"date": "2024-01-01", "tables": []})),
            Model::FundPerformance(_)
        ));
        assert!(matches!(
            Model::from_json(serde_json::json!({"company": "A", "items": []})),
            Model::Financials(_)
        ));
        assert!(matches!(
            Model::from_json(serde_json::json!({"x": 1})),
            Model::Other(_)
        ));
        assert_eq!(FileType::from_extension("PDF"), Some(FileType::Pdf));
        assert_eq!(FileType::from_extension("exe"), None);
    }
}
