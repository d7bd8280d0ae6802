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
