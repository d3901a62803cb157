//! Parsing of the import CSVs (data contract). Streaming: each file is read row by row, so a
//! large folder never has to fit in memory. Every failure names the file, the line and the
//! column, so a partner can fix the export instead of guessing.

mod eligibility;
mod files;
mod reader;

pub use eligibility::{
    eligibility, eligibility_record, solutions_partner, solutions_partner_record,
};

pub use files::{
    cloud_endpoint_record, cloud_endpoints, referral_record, referrals, tenant_record, tenants,
    tipping_point_record, tipping_points, workload_record, workloads, ImportFile, Parsed,
    MAX_TIPPING_POINT,
};
pub(crate) use reader::parse_count;
pub use reader::{CsvRow, CsvRows};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: line {line}, column {column_index} \"{column}\": {message}")]
    Value {
        file: &'static str,
        line: u64,
        column: String,
        column_index: usize,
        message: String,
    },
    #[error("{file}: line 1: missing required column \"{column}\"")]
    MissingColumn { file: &'static str, column: String },
    #[error("{file}: line {line}: {message}")]
    Malformed {
        file: &'static str,
        line: u64,
        message: String,
    },
    /// A table read as a whole (a rules table) lacks or misreads a setting.
    #[error("{file}: {message}")]
    Table { file: &'static str, message: String },
}

impl ImportError {
    pub fn file(&self) -> &'static str {
        match self {
            ImportError::Value { file, .. }
            | ImportError::MissingColumn { file, .. }
            | ImportError::Malformed { file, .. }
            | ImportError::Table { file, .. } => file,
        }
    }
}
