//! Typed access to the members of a parsed JSON line, with the JSON path of each value for
//! diagnostics. Messages name paths and JSON types, never values.

use serde_json::{Map, Value};

use crate::codes;

/// The reason a line is rejected: one error diagnostic without its line number.
#[derive(Debug)]
pub struct RowError {
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

/// Returns the path of `key` inside the object at `path`; the root's path is empty.
pub fn child(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Returns the path of element `index` of the array at `path`.
pub fn element(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

/// Returns the JSON type of `value` as the JSON specification names it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub fn invalid_type(path: String, value: &Value, expected: &str) -> RowError {
    RowError {
        code: codes::INVALID_TYPE,
        message: format!("{path} is {}, expected {expected}", type_name(value)),
        field: Some(path),
    }
}

fn missing(path: String) -> RowError {
    RowError {
        code: codes::MISSING_FIELD,
        message: format!("the required field {path} is missing, null or empty"),
        field: Some(path),
    }
}

/// Returns the member `key`, or `None` when it is absent or null.
fn member<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    object.get(key).filter(|value| !value.is_null())
}

/// Returns the trimmed string member `key`, or `None` when it is absent, null or blank.
pub fn optional_text<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<&'v str>, RowError> {
    match member(object, key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim()).filter(|text| !text.is_empty())),
        Some(other) => Err(invalid_type(child(path, key), other, "a string")),
    }
}

/// Returns the trimmed string member `key`, which must have a value.
pub fn required_text<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'v str, RowError> {
    optional_text(object, path, key)?.ok_or_else(|| missing(child(path, key)))
}

pub fn optional_object<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<&'v Map<String, Value>>, RowError> {
    match member(object, key) {
        None => Ok(None),
        Some(Value::Object(inner)) => Ok(Some(inner)),
        Some(other) => Err(invalid_type(child(path, key), other, "an object")),
    }
}

pub fn required_object<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'v Map<String, Value>, RowError> {
    optional_object(object, path, key)?.ok_or_else(|| missing(child(path, key)))
}

pub fn optional_array<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'v [Value], RowError> {
    match member(object, key) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(invalid_type(child(path, key), other, "an array")),
    }
}

pub fn required_array<'v>(
    object: &'v Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<&'v [Value], RowError> {
    match member(object, key) {
        None => Err(missing(child(path, key))),
        Some(_) => optional_array(object, path, key),
    }
}

/// Returns the boolean member `key`, or `false` when it is absent or null.
pub fn optional_flag(object: &Map<String, Value>, path: &str, key: &str) -> Result<bool, RowError> {
    match member(object, key) {
        None => Ok(false),
        Some(Value::Bool(flag)) => Ok(*flag),
        Some(other) => Err(invalid_type(child(path, key), other, "true or false")),
    }
}

/// Returns the integer member `key`, or `None` when it is absent or null.
pub fn optional_integer(
    object: &Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<i64>, RowError> {
    match member(object, key) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or_else(|| invalid_type(child(path, key), value, "a whole number")),
    }
}

/// Returns the element as an object, or an error naming its path.
pub fn as_object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, RowError> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(invalid_type(path.to_string(), other, "an object")),
    }
}
