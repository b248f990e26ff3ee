//! Everything JavaScript sees: conversions between JS values and the core's
//! types, errors as JS `Error`s carrying their kind and place, and drawing
//! into a given canvas. No logic.
//!
//! The page loads two modules built from this crate (`build.sh`): the
//! reader (`read`, cargo feature `web-read`: loading, unpacking, the
//! `Workbench`), which the worker loads, and the drawing (`draw`, feature
//! `web-draw`: canvases, SVG, CSV, edits, figure checks), which the page's
//! main thread and the embed load. Each leaves out the other's code; this
//! module holds what both use (errors, the hand-off, `kinds`). Natively
//! neither is compiled.

#[cfg(feature = "web-draw")]
mod draw;
#[cfg(feature = "web-read")]
mod read;

use serde::de::{self, Visitor};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{Error, Kind};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "web-draw")]
    draw::measure_text_in_canvas();
}

/// An error as JavaScript receives it: an `Error` with the core's message,
/// and its kind (`"malformed"`, `"too_large"`, ...) and place (`row`,
/// `column`, `byte`; null where not known) as properties, so the page can
/// use them without reading the prose.
fn js_error(e: Error) -> JsValue {
    let error: JsValue = JsError::new(e.message()).into();
    let number = |n: Option<f64>| n.map_or(JsValue::NULL, JsValue::from_f64);
    let fields = [
        ("kind", serde_wasm_bindgen::to_value(&e.kind()).unwrap_or(JsValue::NULL)),
        ("row", number(e.row().map(|r| r as f64))),
        ("column", number(e.column().map(|c| c as f64))),
        ("byte", number(e.byte().map(|b| b as f64))),
    ];
    for (key, value) in fields {
        // Setting a property of a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    }
    error
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // Maps become plain objects, so JavaScript reads them with dot access.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("internal: could not hand the report to the page: {e}")))
}

/// The names serde gives the variants of enum `T`, in declaration order:
/// its derived `Deserialize` hands them to `deserialize_enum`, where this
/// reads them, so the page's list can never differ from what is accepted.
fn variant_names<T: de::DeserializeOwned>() -> &'static [&'static str] {
    struct Names(&'static [&'static str]);
    const ONLY_NAMES: &str = "only the variant names are read";
    impl<'de> de::Deserializer<'de> for &mut Names {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom(ONLY_NAMES))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = variants;
            Err(de::Error::custom(ONLY_NAMES))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
        }
    }
    let mut names = Names(&[]);
    // The error is the point: deserializing stops once the names are read.
    let _ = T::deserialize(&mut names);
    names.0
}

/// The kinds a question can be read as (`"single"`, `"multi"`, ...), in the
/// order the page lists them: the names of `Kind` in reports and corrections.
#[wasm_bindgen]
pub fn kinds() -> Vec<String> {
    variant_names::<Kind>().iter().map(|k| k.to_string()).collect()
}
