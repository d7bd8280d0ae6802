//! The national register number as typed or sent: `NationalRegisterNumber::parse` and its
//! JSON form. A number accepted has check digits of one of the two centuries, reads back
//! from its printed form and from JSON, and JSON refuses what `parse` refuses.
#![no_main]

use dossier_api::NationalRegisterNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let parsed = NationalRegisterNumber::parse(text);
    if let Ok(number) = &parsed {
        let digits = number.digits();
        assert_eq!(digits.len(), 11);
        let body: u64 = digits[..9].parse().unwrap();
        let check: u64 = digits[9..].parse().unwrap();
        assert!(check == 97 - body % 97 || check == 97 - (2_000_000_000 + body) % 97);
        assert_eq!(NationalRegisterNumber::parse(&number.formatted()).as_ref(), Ok(number));
        let born = number.birth_date();
        assert_eq!(number.born_from_2000(), born.year >= 2000);
        let json = serde_json::to_string(number).unwrap();
        assert_eq!(&serde_json::from_str::<NationalRegisterNumber>(&json).unwrap(), number);
    }
    let json = serde_json::to_string(text).unwrap();
    assert_eq!(serde_json::from_str::<NationalRegisterNumber>(&json).is_ok(), parsed.is_ok());
});
