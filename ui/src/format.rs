//! Dates in the patient's language, through the webview's own Intl (correct month names
//! and order for nl, fr and en without shipping locale data in the wasm).

use dossier_api::{
    Language,
    dates::{Datelike, NaiveDate},
};
use wasm_bindgen::JsValue;

/// 1979-04-12 as "12 april 1979", "12 avril 1979", "12 April 1979".
pub fn long_date(date: NaiveDate, language: Language) -> String {
    let Ok(year) = u32::try_from(date.year()) else { return iso(date) };
    let js_date =
        js_sys::Date::new_with_year_month_day(year, date.month0() as i32, date.day() as i32);
    format_with(&intl(language, &[("dateStyle", "long")]), &js_date).unwrap_or_else(|| iso(date))
}

/// `YYYY-MM-DD`, as on the wire: what is shown if the webview cannot format a date (not
/// through chrono's `Display`, which the wasm need not carry).
fn iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn intl(language: Language, options: &[(&str, &str)]) -> js_sys::Intl::DateTimeFormat {
    let locales = js_sys::Array::of1(&JsValue::from_str(language.code()));
    let object = js_sys::Object::new();
    for (key, value) in options {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    js_sys::Intl::DateTimeFormat::new(&locales, &object)
}

fn format_with(format: &js_sys::Intl::DateTimeFormat, date: &js_sys::Date) -> Option<String> {
    format.format().call1(format, date).ok().and_then(|v| v.as_string())
}

/// 1979-04-12 as "12 apr 1979", "12 avr. 1979", "12 Apr 1979": for tables.
pub fn medium_date(date: NaiveDate, language: Language) -> String {
    let Ok(year) = u32::try_from(date.year()) else { return iso(date) };
    let js_date =
        js_sys::Date::new_with_year_month_day(year, date.month0() as i32, date.day() as i32);
    format_with(&intl(language, &[("dateStyle", "medium")]), &js_date).unwrap_or_else(|| iso(date))
}

/// A month short, for a chart's axis: "mrt 24", "mars 24", "Mar 24".
pub fn short_month(date: NaiveDate, language: Language) -> String {
    let Ok(year) = u32::try_from(date.year()) else { return iso(date) };
    let js_date = js_sys::Date::new_with_year_month_day(year, date.month0() as i32, 15);
    format_with(&intl(language, &[("month", "short"), ("year", "2-digit")]), &js_date)
        .unwrap_or_else(|| iso(date))
}

/// A number with at most `decimals` decimals, in the patient's language ("6,5", "6.5").
pub fn number(value: f64, decimals: u8, language: Language) -> String {
    let locales = js_sys::Array::of1(&JsValue::from_str(language.code()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &"maximumFractionDigits".into(),
        &JsValue::from_f64(f64::from(decimals)),
    );
    let format = js_sys::Intl::NumberFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &JsValue::from_f64(value))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| format!("{value:.*}", usize::from(decimals)))
}

/// The month of `date` as "November 2026" / "november 2026" / "novembre 2026".
pub fn month(date: NaiveDate, language: Language) -> String {
    let Ok(year) = u32::try_from(date.year()) else { return iso(date) };
    let js_date = js_sys::Date::new_with_year_month_day(year, date.month0() as i32, 15);
    format_with(&intl(language, &[("month", "long"), ("year", "numeric")]), &js_date)
        .unwrap_or_else(|| iso(date))
}

/// Unix seconds as date and time in the patient's language.
pub fn date_time(unix: i64, language: Language) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0));
    format_with(&intl(language, &[("dateStyle", "medium"), ("timeStyle", "short")]), &date)
        .unwrap_or_default()
}

/// Today's date, long, in the patient's language.
pub fn today(language: Language) -> String {
    format_with(&intl(language, &[("dateStyle", "long")]), &js_sys::Date::new_0())
        .unwrap_or_default()
}

/// Today's date on this device (the Brussels date for the app's users), for ages.
pub fn today_date() -> Option<NaiveDate> {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        i32::try_from(now.get_full_year()).ok()?,
        now.get_month() + 1,
        now.get_date(),
    )
}

/// The hospitals' zone: appointments are at Brussels wall-clock time wherever the phone is.
const HOSPITAL_ZONE: &str = "Europe/Brussels";

fn js_time(unix: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(unix as f64 * 1000.0))
}

/// An appointment's day and hours: "Thursday 3 December 2026, 09:30–10:00".
pub fn appointment_time(starts_at: i64, ends_at: i64, language: Language) -> String {
    let day = intl(language, &[("dateStyle", "full"), ("timeZone", HOSPITAL_ZONE)]);
    let day = format_with(&day, &js_time(starts_at)).unwrap_or_default();
    format!("{day}, {}–{}", clock_time(starts_at, language), clock_time(ends_at, language))
}

/// The hour of Unix seconds in Brussels: "09:30", "9:30 AM".
pub fn clock_time(unix: i64, language: Language) -> String {
    let time = intl(language, &[("timeStyle", "short"), ("timeZone", HOSPITAL_ZONE)]);
    format_with(&time, &js_time(unix)).unwrap_or_default()
}

/// The Brussels calendar day of Unix seconds as `YYYY-MM-DD`, to tell today and tomorrow.
pub fn brussels_day(unix: i64) -> String {
    let locales = js_sys::Array::of1(&JsValue::from("en-CA"));
    let object = js_sys::Object::new();
    for (key, value) in
        [("timeZone", HOSPITAL_ZONE), ("year", "numeric"), ("month", "2-digit"), ("day", "2-digit")]
    {
        let _ = js_sys::Reflect::set(&object, &key.into(), &value.into());
    }
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &object);
    format_with(&format, &js_time(unix)).unwrap_or_default()
}

/// Euro cents as the patient reads an amount: "1.234,56 €" in Dutch and French,
/// "€1,234.56" in English. Whole cents throughout: never a float.
pub fn amount(cents: i64, language: Language) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let (euros, rest) = (cents / 100, cents % 100);
    let (group, decimal) = match language {
        Language::En => (',', '.'),
        Language::Nl | Language::Fr => ('.', ','),
    };
    let digits = euros.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(digit);
    }
    match language {
        Language::En => format!("{sign}€{grouped}{decimal}{rest:02}"),
        Language::Nl | Language::Fr => format!("{sign}{grouped}{decimal}{rest:02}\u{a0}€"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_per_language_from_whole_cents() {
        assert_eq!(amount(123_456, Language::Nl), "1.234,56\u{a0}€");
        assert_eq!(amount(123_456, Language::Fr), "1.234,56\u{a0}€");
        assert_eq!(amount(123_456, Language::En), "€1,234.56");
        assert_eq!(amount(5, Language::Nl), "0,05\u{a0}€");
        assert_eq!(amount(100_000_000, Language::En), "€1,000,000.00");
        assert_eq!(amount(-2_550, Language::Fr), "-25,50\u{a0}€");
        assert_eq!(amount(99_999, Language::Nl), "999,99\u{a0}€");
    }
}
