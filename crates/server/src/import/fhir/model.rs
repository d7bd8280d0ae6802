//! The FHIR R4 elements the importer reads, as serde structs: only the fields used, every
//! one optional or defaulted where the spec allows it to be absent, unknown fields (and
//! the `_field` primitive extensions) ignored. Dates and instants stay text here: they are
//! read by [`super::report`], which can say which one was wrong.

use serde::Deserialize;

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub display: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct CodeableConcept {
    #[serde(default)]
    pub coding: Vec<Coding>,
    #[serde(default)]
    pub text: Option<String>,
}

impl CodeableConcept {
    /// What a person reads: the text, else the first display, else the first code.
    pub fn label(&self) -> Option<String> {
        non_empty(self.text.as_deref())
            .or_else(|| self.coding.iter().find_map(|c| non_empty(c.display.as_deref())))
            .or_else(|| self.coding.iter().find_map(|c| non_empty(c.code.as_deref())))
            .map(str::to_owned)
    }

    /// The codes, with their systems (absent systems as "").
    pub fn codes(&self) -> impl Iterator<Item = (&str, &str)> {
        self.coding
            .iter()
            .filter_map(|c| Some((c.system.as_deref().unwrap_or(""), c.code.as_deref()?)))
    }
}

pub fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    #[serde(default)]
    pub identifier: Option<Identifier>,
    #[serde(default)]
    pub display: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    #[serde(default)]
    pub version_id: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub security: Vec<Coding>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Quantity {
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub comparator: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
}

impl Quantity {
    /// The unit as printed: `unit`, else the UCUM `code`.
    pub fn unit(&self) -> Option<String> {
        non_empty(self.unit.as_deref()).or_else(|| non_empty(self.code.as_deref())).map(Into::into)
    }
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Range {
    #[serde(default)]
    pub low: Option<Quantity>,
    #[serde(default)]
    pub high: Option<Quantity>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Ratio {
    #[serde(default)]
    pub numerator: Option<Quantity>,
    #[serde(default)]
    pub denominator: Option<Quantity>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceRange {
    #[serde(default)]
    pub low: Option<Quantity>,
    #[serde(default)]
    pub high: Option<Quantity>,
    #[serde(default, rename = "type")]
    pub type_: Option<CodeableConcept>,
    #[serde(default)]
    pub applies_to: Vec<CodeableConcept>,
    #[serde(default)]
    pub age: Option<Range>,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub data: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticReport {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub meta: Meta,
    #[serde(default)]
    pub identifier: Vec<Identifier>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub category: Vec<CodeableConcept>,
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(default)]
    pub effective_date_time: Option<String>,
    #[serde(default)]
    pub effective_period: Option<Period>,
    #[serde(default)]
    pub issued: Option<String>,
    #[serde(default)]
    pub performer: Vec<Reference>,
    #[serde(default)]
    pub results_interpreter: Vec<Reference>,
    #[serde(default)]
    pub result: Vec<Reference>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub conclusion_code: Vec<CodeableConcept>,
    #[serde(default)]
    pub presented_form: Vec<Attachment>,
}

/// What an Observation and each of its components measure: value[x] (one of them),
/// or why it is absent, and how to read it.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Measurement {
    #[serde(default)]
    pub code: CodeableConcept,
    #[serde(default)]
    pub value_quantity: Option<Quantity>,
    #[serde(default)]
    pub value_codeable_concept: Option<CodeableConcept>,
    #[serde(default)]
    pub value_string: Option<String>,
    #[serde(default)]
    pub value_boolean: Option<bool>,
    #[serde(default)]
    pub value_integer: Option<i64>,
    #[serde(default)]
    pub value_range: Option<Range>,
    #[serde(default)]
    pub value_ratio: Option<Ratio>,
    #[serde(default)]
    pub value_time: Option<String>,
    #[serde(default)]
    pub value_date_time: Option<String>,
    #[serde(default)]
    pub value_period: Option<Period>,
    #[serde(default)]
    pub value_sampled_data: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    pub data_absent_reason: Option<CodeableConcept>,
    #[serde(default)]
    pub interpretation: Vec<CodeableConcept>,
    #[serde(default)]
    pub reference_range: Vec<ReferenceRange>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub subject: Option<Reference>,
    #[serde(flatten)]
    pub measurement: Measurement,
    #[serde(default)]
    pub has_member: Vec<Reference>,
    #[serde(default)]
    pub component: Vec<Measurement>,
    #[serde(default)]
    pub note: Vec<Annotation>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    #[serde(default)]
    pub identifier: Vec<Identifier>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub birth_date: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct HumanName {
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub given: Vec<String>,
    #[serde(default)]
    pub prefix: Vec<String>,
}

impl HumanName {
    /// As printed: the text, else prefix, given names and family name.
    pub fn printed(&self) -> Option<String> {
        if let Some(text) = non_empty(self.text.as_deref()) {
            return Some(text.to_owned());
        }
        let parts: Vec<&str> = self
            .prefix
            .iter()
            .chain(&self.given)
            .map(String::as_str)
            .chain(self.family.as_deref())
            .filter_map(|p| non_empty(Some(p)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A Practitioner, Organization, PractitionerRole or CareTeam, as far as its name goes.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// A Practitioner's names; an Organization's or CareTeam's name is a plain string.
    #[serde(default)]
    pub name: Option<serde_json::Value>,
    /// A PractitionerRole's practitioner and organization.
    #[serde(default)]
    pub practitioner: Option<Reference>,
    #[serde(default)]
    pub organization: Option<Reference>,
}

impl Party {
    /// The name to print: an Organization's or CareTeam's `name`, or a Practitioner's
    /// official (else usual, else first) name.
    pub fn own_name(&self) -> Option<String> {
        match self.name.as_ref()? {
            serde_json::Value::String(name) => non_empty(Some(name)).map(str::to_owned),
            serde_json::Value::Array(names) => {
                let names: Vec<HumanName> = names
                    .iter()
                    .filter_map(|n| HumanName::deserialize(n).ok())
                    .filter(|n| n.use_.as_deref() != Some("old"))
                    .collect();
                let preferred = ["official", "usual"]
                    .iter()
                    .find_map(|wanted| names.iter().find(|n| n.use_.as_deref() == Some(*wanted)));
                preferred.or(names.first()).and_then(HumanName::printed)
            }
            _ => None,
        }
    }
}
