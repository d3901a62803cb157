//! About the API itself: liveness and its OpenAPI document.

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use crate::store::snapshot;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::routing::{get, MethodRouter};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub tenants: i64,
}

/// Liveness, and how many tenants are loaded.
#[utoipa::path(get, path = "/api/health", tag = "meta", security(()),
    responses((status = 200, body = Health), (status = 500, body = ApiError)))]
pub async fn health(State(st): State<AppState>) -> Result<Json<Health>, ApiError> {
    let tenants = snapshot::tenant_count(&st.db).await?;
    Ok(Json(Health {
        status: "ok",
        tenants,
    }))
}

/// `GET /api/openapi.json`: `doc`, serialized once.
pub fn openapi(doc: &utoipa::openapi::OpenApi) -> MethodRouter<AppState> {
    let mut value = serde_json::to_value(doc).expect("the OpenAPI document serializes");
    link_fields_in_camel_case(&mut value);
    merge_flattened_records(&mut value);
    let json = serde_json::to_string_pretty(&value).expect("the OpenAPI document serializes");
    get(move || async move { ([(CONTENT_TYPE, "application/json")], json) })
}

/// utoipa 5.5 writes a Link Object's fields as in Rust (`operation_id`), where OpenAPI says
/// `operationId`, `operationRef`, `requestBody`: a client would not find the linked operation.
fn link_fields_in_camel_case(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let responses = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses")?.as_object_mut())
        .flat_map(|r| r.values_mut());
    for response in responses {
        let Some(links) = response.get_mut("links").and_then(|l| l.as_object_mut()) else {
            continue;
        };
        for link in links.values_mut().filter_map(|l| l.as_object_mut()) {
            for (from, to) in [
                ("operation_id", "operationId"),
                ("operation_ref", "operationRef"),
                ("request_body", "requestBody"),
            ] {
                if let Some(v) = link.remove(from) {
                    link.insert(to.into(), v);
                }
            }
        }
    }
}

/// A record with `#[serde(flatten)]` fields (an edit's body: `version` beside the record's
/// fields) is documented by utoipa as `allOf` [the record, the rest]. It is one flat JSON
/// object, and said so it is: one object schema with the properties and required names of
/// both. Generators (the contract test's) cannot always build data for the `allOf` form.
fn merge_flattened_records(doc: &mut serde_json::Value) {
    use serde_json::{Map, Value};
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(|s| s.as_object_mut())
    else {
        return;
    };
    fn flat(name: &str, all: &Map<String, Value>, depth: usize) -> Option<Map<String, Value>> {
        let schema = all.get(name)?.as_object()?;
        let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
            return Some(schema.clone());
        };
        if depth > 8 {
            return None;
        }
        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        for part in parts {
            let part = match part.get("$ref").and_then(Value::as_str) {
                Some(r) => flat(r.strip_prefix("#/components/schemas/")?, all, depth + 1)?,
                None => part.as_object()?.clone(),
            };
            if part.get("type").and_then(Value::as_str) != Some("object") {
                return None;
            }
            properties.extend(part.get("properties")?.as_object()?.clone());
            for r in part
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !required.contains(r) {
                    required.push(r.clone());
                }
            }
        }
        let mut merged = Map::new();
        merged.insert("type".into(), "object".into());
        if let Some(d) = schema.get("description") {
            merged.insert("description".into(), d.clone());
        }
        merged.insert("properties".into(), Value::Object(properties));
        merged.insert("required".into(), Value::Array(required));
        Some(merged)
    }
    let snapshot = schemas.clone();
    for (name, schema) in schemas.iter_mut() {
        if schema.get("allOf").is_some() {
            if let Some(merged) = flat(name, &snapshot, 0) {
                *schema = Value::Object(merged);
            }
        }
    }
}
