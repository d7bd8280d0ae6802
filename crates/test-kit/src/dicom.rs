//! Real DICOM files no one here wrote: pydicom's test files, as its wheel on PyPI holds
//! them (`scripts/fetch-dicom-examples` fetches them at test time; never committed).

use std::path::PathBuf;

/// The folder `scripts/fetch-dicom-examples` printed.
pub const DIR_VAR: &str = "DOSSIER_DICOM_EXAMPLES_DIR";
/// Set to 1 (as `scripts/test` does): a missing folder fails the test instead of skipping.
pub const REQUIRE_VAR: &str = "DOSSIER_TEST_REQUIRE_DICOM_EXAMPLES";

/// One study of three MR series from 2003 (a localiser of 1 image, a pilot of 3, an
/// angiography of 7; 16 × 16 pixels, uncompressed), paths inside `test_files`. Its
/// folder also holds images of two other studies, left out.
pub const REAL_MR_STUDY: [&str; 11] = [
    "dicomdirtests/98892003/MR1/5641",
    "dicomdirtests/98892003/MR2/6273",
    "dicomdirtests/98892003/MR2/6605",
    "dicomdirtests/98892003/MR2/6935",
    "dicomdirtests/98892003/MR700/4467",
    "dicomdirtests/98892003/MR700/4528",
    "dicomdirtests/98892003/MR700/4558",
    "dicomdirtests/98892003/MR700/4588",
    "dicomdirtests/98892003/MR700/4618",
    "dicomdirtests/98892003/MR700/4648",
    "dicomdirtests/98892003/MR700/4678",
];

/// pydicom's `test_files` folder, or None (the caller skips, and says so) when it was not
/// fetched and the run does not require it.
pub fn examples() -> Option<PathBuf> {
    match std::env::var_os(DIR_VAR) {
        Some(dir) => Some(PathBuf::from(dir).join("test_files")),
        None => {
            assert!(
                std::env::var_os(REQUIRE_VAR).is_none_or(|v| v != "1"),
                "{DIR_VAR} is not set but {REQUIRE_VAR}=1: run scripts/fetch-dicom-examples"
            );
            None
        }
    }
}

/// A folder holding copies of the named example files, nested as a CD's copy is.
pub fn folder_of(examples: &std::path::Path, files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (n, file) in files.iter().enumerate() {
        let target = dir.path().join(format!("sub{}", n % 2)).join(file.replace('/', "_"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(examples.join(file), target).unwrap();
    }
    dir
}
