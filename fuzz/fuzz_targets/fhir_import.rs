//! A FHIR R4 file from a hospital: `read_fhir` and `from_fhir` (what `staff::import_file`
//! reads before storing). Never a panic; `from_fhir` is `read_fhir` with any problem
//! refusing the whole file: every report, or none.
#![no_main]

use dossier_server::import::{FhirSource, ImportError, from_fhir, looks_like_fhir, read_fhir};
use libfuzzer_sys::fuzz_target;

const SOURCE: FhirSource<'static> =
    FhirSource { hospital_id: "hzk", patient_number_system: Some("https://hzk.example/ead") };

fuzz_target!(|text: &str| {
    let _ = looks_like_fhir(text);
    let read = read_fhir(text, &SOURCE);
    let whole = from_fhir(text, &SOURCE);
    match (&read, &whole) {
        (Ok((reports, problems)), Ok(imported)) => {
            assert!(problems.is_empty());
            assert_eq!(reports, imported);
        }
        (Ok((_, problems)), Err(ImportError::Refused(refused))) => {
            assert!(!problems.is_empty());
            assert_eq!(problems, refused);
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("read_fhir {read:?} but from_fhir {whole:?}"),
    }
});
