//! Every resource in a FHIR file and how references between them resolve.
//!
//! A file is one resource: a Bundle (of any type, its entries possibly Bundles again) or a
//! lone resource. Resources found: the file itself, every `entry.resource` at any depth,
//! and every `contained` resource (reachable only as `#id` from its container).
//!
//! References resolve as the spec's "Resolving references in Bundles" says, leniently
//! where real files need it:
//! - `#id`: a resource contained in the same container.
//! - absolute (`http…`, `urn:uuid:`, `urn:oid:`): the entry whose `fullUrl` is exactly it.
//! - relative `Type/id` (a `/_history/n` suffix ignored): first the entry whose fullUrl
//!   is the referring entry's base + `Type/id`; else a resource of that type and id,
//!   looked for in the referring resource's own Bundle, then in the Bundles around it.
//!   Files with `urn:uuid:` fullUrls and relative references between them (the Belgian
//!   lab examples) resolve this way. Two different resources found at the same level are
//!   ambiguous: nothing is guessed.

use std::collections::HashMap;

use serde_json::Value;

/// Where a resource is in the file.
#[derive(Debug)]
pub struct Located<'a> {
    pub value: &'a Value,
    pub resource_type: &'a str,
    pub full_url: Option<&'a str>,
    /// The Bundle whose entry holds it (an index into `scopes`); 0 for the file itself.
    pub scope: usize,
    /// For a contained resource: the resource that contains it.
    pub container: Option<usize>,
    /// Whether it is the file itself or an `entry.resource` of a Bundle in it.
    pub in_bundle: bool,
}

/// The resources of one file.
#[derive(Debug)]
pub struct FileIndex<'a> {
    pub resources: Vec<Located<'a>>,
    /// For each scope, the scope around it and the Bundle resource that makes it.
    scopes: Vec<Scope>,
    by_full_url: HashMap<&'a str, Vec<usize>>,
    /// Bundle entries by (scope, type, id).
    by_id: HashMap<(usize, &'a str, &'a str), Vec<usize>>,
    /// Contained resources by (container, id).
    contained: HashMap<(usize, &'a str), Vec<usize>>,
}

#[derive(Debug, Clone, Copy)]
struct Scope {
    parent: Option<usize>,
    bundle: Option<usize>,
}

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Found(usize),
    Missing,
    /// Several resources in the file fit it.
    Ambiguous,
}

/// Bundles nested deeper than this are refused rather than followed (stack safety).
pub const MAX_DEPTH: usize = 32;

impl<'a> FileIndex<'a> {
    /// Indexes `file`, the top-level resource. Errors when Bundles nest deeper than
    /// [`MAX_DEPTH`].
    pub fn new(file: &'a Value) -> Result<Self, String> {
        let mut index = FileIndex {
            resources: Vec::new(),
            scopes: vec![Scope { parent: None, bundle: None }],
            by_full_url: HashMap::new(),
            by_id: HashMap::new(),
            contained: HashMap::new(),
        };
        index.add(file, None, 0, None, true, 0)?;
        Ok(index)
    }

    fn add(
        &mut self,
        value: &'a Value,
        full_url: Option<&'a str>,
        scope: usize,
        container: Option<usize>,
        in_bundle: bool,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("resources nested deeper than {MAX_DEPTH} levels"));
        }
        let Some(resource_type) = value.get("resourceType").and_then(Value::as_str) else {
            return Ok(());
        };
        // Its `id`, else the id in a RESTful fullUrl (a transaction's new resources).
        let id = value
            .get("id")
            .and_then(Value::as_str)
            .or_else(|| full_url.and_then(|url| restful_id(url, resource_type)));
        let position = self.resources.len();
        if let Some(url) = full_url {
            self.by_full_url.entry(url).or_default().push(position);
        }
        if let Some(id) = id {
            match container {
                Some(container) => self.contained.entry((container, id)).or_default(),
                None => self.by_id.entry((scope, resource_type, id)).or_default(),
            }
            .push(position);
        }
        self.resources.push(Located {
            value,
            resource_type,
            full_url,
            scope,
            container,
            in_bundle,
        });
        let own_container = container.unwrap_or(position);
        for contained in value.get("contained").and_then(Value::as_array).into_iter().flatten() {
            self.add(contained, None, scope, Some(own_container), false, depth + 1)?;
        }
        if resource_type == "Bundle" {
            let inner = self.scopes.len();
            self.scopes.push(Scope { parent: Some(scope), bundle: Some(position) });
            for entry in value.get("entry").and_then(Value::as_array).into_iter().flatten() {
                if let Some(resource) = entry.get("resource") {
                    let full_url = entry.get("fullUrl").and_then(Value::as_str);
                    self.add(resource, full_url, inner, None, true, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    pub fn get(&self, position: usize) -> &Located<'a> {
        &self.resources[position]
    }

    /// The Bundles around a resource, innermost first.
    pub fn bundles_around(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        let mut scope = Some(self.resources[position].scope);
        std::iter::from_fn(move || {
            while let Some(current) = scope {
                let Scope { parent, bundle } = self.scopes[current];
                scope = parent;
                if bundle.is_some() {
                    return bundle;
                }
            }
            None
        })
    }

    /// What `reference`, found in the resource at `from`, points at.
    pub fn resolve(&self, from: usize, reference: &str) -> Resolved {
        let reference = reference.trim();
        if let Some(local) = reference.strip_prefix('#') {
            return self.resolve_contained(from, local);
        }
        if is_absolute(reference) {
            return self.unique(self.with_full_url(reference));
        }
        let Some((resource_type, id)) = relative_parts(reference) else {
            return Resolved::Missing;
        };
        // The referring resource's entry: a contained one refers as its container does.
        let referrer = self.get(from).container.unwrap_or(from);
        if let Some(base) = self.get(referrer).full_url.and_then(restful_base) {
            let wanted = format!("{base}{resource_type}/{id}");
            if let found @ (Resolved::Found(_) | Resolved::Ambiguous) =
                self.unique(self.with_full_url(&wanted))
            {
                return found;
            }
        }
        let mut scope = Some(self.get(referrer).scope);
        while let Some(current) = scope {
            let found = self.unique(
                self.by_id.get(&(current, resource_type, id)).into_iter().flatten().copied(),
            );
            if found != Resolved::Missing {
                return found;
            }
            scope = self.scopes[current].parent;
        }
        Resolved::Missing
    }

    fn resolve_contained(&self, from: usize, local: &str) -> Resolved {
        let container = self.get(from).container.unwrap_or(from);
        if local.is_empty() {
            return Resolved::Found(container);
        }
        self.unique(self.contained.get(&(container, local)).into_iter().flatten().copied())
    }

    fn with_full_url(&self, url: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_full_url.get(url).into_iter().flatten().copied()
    }

    /// One resource, or why not. The same resource sent twice (same type, id and content,
    /// as a searchset's `include` entries may repeat) is still one.
    fn unique(&self, mut found: impl Iterator<Item = usize>) -> Resolved {
        let Some(first) = found.next() else { return Resolved::Missing };
        for other in found {
            if self.get(other).value != self.get(first).value {
                return Resolved::Ambiguous;
            }
        }
        Resolved::Found(first)
    }
}

fn is_absolute(reference: &str) -> bool {
    ["http://", "https://", "urn:uuid:", "urn:oid:"].iter().any(|p| reference.starts_with(p))
}

/// `Type/id` or `Type/id/_history/n` → (Type, id).
fn relative_parts(reference: &str) -> Option<(&str, &str)> {
    let mut parts = reference.split('/');
    let resource_type = parts.next()?;
    let id = parts.next()?;
    let valid_type = resource_type.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && resource_type.chars().all(|c| c.is_ascii_alphanumeric());
    match (parts.next(), parts.next(), parts.next()) {
        (None, None, None) | (Some("_history"), Some(_), None) if valid_type && !id.is_empty() => {
            Some((resource_type, id))
        }
        _ => None,
    }
}

/// The server base of a RESTful URL `…/Type/id[/_history/n]`, with its trailing slash.
fn restful_base(url: &str) -> Option<&str> {
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return None;
    }
    let path = url.split_once("/_history/").map_or(url, |(path, _)| path);
    let (rest, id) = path.rsplit_once('/')?;
    let (base, resource_type) = rest.rsplit_once('/')?;
    relative_parts(&format!("{resource_type}/{id}"))?;
    Some(&url[..=base.len()])
}

/// The id in a RESTful fullUrl of a resource of this type.
fn restful_id<'a>(url: &'a str, resource_type: &str) -> Option<&'a str> {
    let base = restful_base(url)?;
    let path = url.split_once("/_history/").map_or(url, |(path, _)| path);
    path[base.len()..].strip_prefix(resource_type)?.strip_prefix('/')
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn find(index: &FileIndex<'_>, resource_type: &str, id: &str) -> usize {
        index
            .resources
            .iter()
            .position(|r| r.resource_type == resource_type && r.value["id"] == id)
            .unwrap()
    }

    #[test]
    fn resolves_relative_absolute_uuid_and_contained_references() {
        let file = json!({ "resourceType": "Bundle", "entry": [
            { "fullUrl": "https://lab.example/fhir/DiagnosticReport/r1",
              "resource": { "resourceType": "DiagnosticReport", "id": "r1",
                "contained": [{ "resourceType": "Observation", "id": "c1" }] } },
            { "fullUrl": "https://lab.example/fhir/Observation/o1",
              "resource": { "resourceType": "Observation", "id": "o1" } },
            { "fullUrl": "urn:uuid:0a1b2c3d-0000-4000-8000-000000000001",
              "resource": { "resourceType": "Patient" } } ] });
        let index = FileIndex::new(&file).unwrap();
        let report = find(&index, "DiagnosticReport", "r1");
        let o1 = find(&index, "Observation", "o1");
        let c1 = find(&index, "Observation", "c1");
        assert_eq!(index.resolve(report, "Observation/o1"), Resolved::Found(o1));
        assert_eq!(index.resolve(report, "Observation/o1/_history/2"), Resolved::Found(o1));
        assert_eq!(
            index.resolve(report, "https://lab.example/fhir/Observation/o1"),
            Resolved::Found(o1)
        );
        assert_eq!(index.resolve(report, "#c1"), Resolved::Found(c1));
        assert_eq!(index.resolve(c1, "#"), Resolved::Found(report));
        assert_eq!(index.resolve(o1, "#c1"), Resolved::Missing, "contained: only from inside");
        assert_eq!(index.resolve(report, "Observation/c1"), Resolved::Missing);
        let patient = index.resources.iter().position(|r| r.resource_type == "Patient").unwrap();
        assert_eq!(
            index.resolve(report, "urn:uuid:0a1b2c3d-0000-4000-8000-000000000001"),
            Resolved::Found(patient)
        );
        assert_eq!(index.resolve(report, "Patient/elsewhere"), Resolved::Missing);
        assert_eq!(index.resolve(report, "not a reference"), Resolved::Missing);
    }

    #[test]
    fn nested_bundles_look_inside_first_then_around() {
        let inner = |n: i64| {
            json!({ "resourceType": "Bundle", "entry": [
                { "resource": { "resourceType": "DiagnosticReport", "id": format!("r{n}") } },
                { "resource": { "resourceType": "Observation", "id": "o1", "valueInteger": n } } ] })
        };
        let file = json!({ "resourceType": "Bundle", "entry": [
            { "resource": inner(1) }, { "resource": inner(2) },
            { "resource": { "resourceType": "Patient", "id": "p" } },
            { "resource": { "resourceType": "Observation", "id": "o1", "valueInteger": 0 } } ] });
        let index = FileIndex::new(&file).unwrap();
        for n in [1, 2] {
            let report = find(&index, "DiagnosticReport", &format!("r{n}"));
            let Resolved::Found(o1) = index.resolve(report, "Observation/o1") else { panic!() };
            assert_eq!(index.get(o1).value["valueInteger"], n, "its own bundle's o1");
            assert!(matches!(index.resolve(report, "Patient/p"), Resolved::Found(_)));
        }
        let twice = json!({ "resourceType": "Bundle", "entry": [
            { "resource": { "resourceType": "DiagnosticReport", "id": "r" } },
            { "resource": { "resourceType": "Patient", "id": "p", "gender": "male" } },
            { "resource": { "resourceType": "Patient", "id": "p", "gender": "female" } } ] });
        let index = FileIndex::new(&twice).unwrap();
        let report = find(&index, "DiagnosticReport", "r");
        assert_eq!(index.resolve(report, "Patient/p"), Resolved::Ambiguous);
    }

    #[test]
    fn transaction_entries_without_id_are_found_by_their_restful_full_url() {
        let file = json!({ "resourceType": "Bundle", "entry": [
            { "fullUrl": "http://h.example/Observation/7", "resource": { "resourceType": "Observation" } },
            { "fullUrl": "http://h.example/DiagnosticReport/1",
              "resource": { "resourceType": "DiagnosticReport" } } ] });
        let index = FileIndex::new(&file).unwrap();
        assert_eq!(index.resolve(2, "Observation/7"), Resolved::Found(1));
        assert_eq!(index.resolve(2, "Observation/8"), Resolved::Missing);
    }

    #[test]
    fn refuses_bundles_nested_too_deep() {
        let mut file = json!({ "resourceType": "Bundle" });
        for _ in 0..40 {
            file = json!({ "resourceType": "Bundle", "entry": [{ "resource": file }] });
        }
        assert!(FileIndex::new(&file).is_err());
    }
}
