use super::ImportError;
use std::collections::HashMap;
use std::io::Read;

/// A CSV file whose columns are found by header name (case-insensitive, trimmed, BOM-tolerant).
pub struct CsvRows<R: Read> {
    file: &'static str,
    reader: csv::Reader<R>,
    columns: HashMap<String, usize>,
    headers: Vec<String>,
    record: csv::StringRecord,
    line: u64,
}

fn normalize(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_lowercase()
}

impl<R: Read> CsvRows<R> {
    /// Opens the CSV and checks that every `required` column is present.
    pub fn open(file: &'static str, input: R, required: &[&str]) -> Result<Self, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(file, &e, 1))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let mut columns = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            columns.entry(normalize(h)).or_insert(i);
        }
        for col in required {
            if !columns.contains_key(&normalize(col)) {
                return Err(ImportError::MissingColumn {
                    file,
                    column: (*col).to_string(),
                });
            }
        }
        Ok(CsvRows {
            file,
            reader,
            columns,
            headers,
            record: csv::StringRecord::new(),
            line: 1,
        })
    }

    /// The next data row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<Result<CsvRow<'_>, ImportError>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let line = self.record.position().map(|p| p.line()).unwrap_or(0);
                self.line = line;
                Some(Ok(CsvRow {
                    file: self.file,
                    line,
                    record: &self.record,
                    columns: &self.columns,
                    headers: &self.headers,
                }))
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                Some(Err(csv_error(self.file, &e, line)))
            }
        }
    }
}

impl<R: Read> CsvRows<R> {
    /// The line of the row read last.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// An error about `column` on the row read last (for checks made after parsing, such as
    /// a reference to an unknown tenant).
    pub fn error(&self, column: &str, message: impl Into<String>) -> ImportError {
        CsvRow {
            file: self.file,
            line: self.line,
            record: &self.record,
            columns: &self.columns,
            headers: &self.headers,
        }
        .error(column, message)
    }
}

fn csv_error(file: &'static str, e: &csv::Error, line: u64) -> ImportError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8".to_string(),
        _ => e.to_string(),
    };
    ImportError::Malformed {
        file,
        line,
        message,
    }
}

/// One data row, with typed accessors that turn bad values into errors naming line and column.
pub struct CsvRow<'a> {
    file: &'static str,
    line: u64,
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
    headers: &'a [String],
}

impl<'a> CsvRow<'a> {
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The trimmed text of a column; empty when the column is absent (optional columns).
    pub fn text(&self, column: &str) -> &'a str {
        self.columns
            .get(&normalize(column))
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// An error about `column` on this row.
    pub fn error(&self, column: &str, message: impl Into<String>) -> ImportError {
        let idx = self.columns.get(&normalize(column)).copied();
        ImportError::Value {
            file: self.file,
            line: self.line,
            column: idx
                .and_then(|i| self.headers.get(i).cloned())
                .unwrap_or_else(|| column.to_string()),
            column_index: idx.map(|i| i + 1).unwrap_or(0),
            message: message.into(),
        }
    }

    /// Non-empty text, else an error.
    pub fn required(&self, column: &str) -> Result<&'a str, ImportError> {
        let t = self.text(column);
        if t.is_empty() {
            Err(self.error(column, "a value is required"))
        } else {
            Ok(t)
        }
    }

    /// Parses a non-empty value; empty gives `None`.
    pub fn optional<T, E: std::fmt::Display>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ImportError> {
        let t = self.text(column);
        if t.is_empty() {
            return Ok(None);
        }
        parse(t)
            .map(Some)
            .map_err(|e| self.error(column, e.to_string()))
    }

    /// A count (unsigned integer); empty is 0.
    pub fn count(&self, column: &str) -> Result<u64, ImportError> {
        Ok(self.optional(column, parse_count)?.unwrap_or(0))
    }

    /// A count where empty means "not known".
    pub fn optional_count(&self, column: &str) -> Result<Option<u64>, ImportError> {
        self.optional(column, parse_count)
    }

    /// `Yes`/`No` (also true/false, Y/N, 1/0); empty is No.
    pub fn yes_no(&self, column: &str) -> Result<bool, ImportError> {
        Ok(self.optional(column, parse_yes_no)?.unwrap_or(false))
    }
}

pub(crate) fn parse_count(s: &str) -> Result<u64, String> {
    let digits = s.replace(',', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{s}` is not a whole number of 0 or more"));
    }
    digits
        .parse::<u64>()
        .map_err(|_| format!("`{s}` is too large"))
}

pub(crate) fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("`{s}` is not Yes or No")),
    }
}
