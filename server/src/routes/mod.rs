//! The API's handlers, one module per resource. A handler only translates: typed extractors
//! in (`crate::extract`), one store call, JSON out; every failure is an `ApiError` through
//! `?`. The list of routes and the OpenAPI document are in `crate::router`.

pub mod contacts;
pub mod meta;
pub mod notes;
pub mod referrals;
pub mod service_status;
pub mod session;
pub mod snapshot;
pub mod tenants;

use serde::Deserialize;
use shared::TenantId;
use utoipa::IntoParams;

/// `/api/tenants/{tenant_id}/…`. A tenant ID that is not a GUID: 400 naming `tenant_id`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TenantPath {
    /// Tenant ID (GUID)
    #[param(value_type = String, format = Uuid)]
    pub tenant_id: TenantId,
}
