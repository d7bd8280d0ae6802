//! Dates in the patient's language, through the webview's own Intl (correct month names
//! and order for nl, fr and en without shipping locale data in the wasm).

use dossier_api::Language;
use wasm_bindgen::JsValue;

/// `1979-04-12` as "12 april 1979", "12 avril 1979", "12 April 1979".
pub fn long_date(iso: &str, language: Language) -> String {
    let mut parts = iso.split('-').map(|p| p.parse::<u32>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return iso.to_owned();
    };
    let date = js_sys::Date::new_with_year_month_day(year, month as i32 - 1, day as i32);
    let locales = js_sys::Array::of1(&JsValue::from_str(language.code()));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    format
        .format()
        .call1(&format, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.to_owned())
}
