use super::ImportError;
use crate::edits::validation::{MAX_LINE, MAX_TEXT};
use std::collections::HashMap;
use std::io::Read;

/// The file's first bytes, kept to tell its encoding before the CSV reader sees them.
type Sniffed<R> = std::io::Chain<std::io::Cursor<Vec<u8>>, R>;

/// A CSV file whose columns are found by header name (case-insensitive, trimmed, BOM-tolerant).
/// The files are UTF-8 (with or without BOM); anything else is refused naming the encoding.
pub struct CsvRows<R: Read> {
    file: &'static str,
    reader: csv::Reader<Sniffed<R>>,
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
    pub fn open(file: &'static str, mut input: R, required: &[&str]) -> Result<Self, ImportError> {
        let head = sniff(file, &mut input)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(std::io::Cursor::new(head).chain(input));
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
                let row = CsvRow {
                    file: self.file,
                    line,
                    record: &self.record,
                    columns: &self.columns,
                    headers: &self.headers,
                };
                Some(row.check_lengths().map(|()| row))
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

/// How much of a file is looked at to tell UTF-16 from UTF-8.
const SNIFF: usize = 4096;

/// Reads the first bytes of `input` and refuses a UTF-16 file (a spreadsheet's "Unicode text"):
/// read as UTF-8 its NUL bytes would be taken for data and every row would have the wrong
/// number of fields. Invalid UTF-8 further on is caught row by row (`csv_error`).
fn sniff<R: Read>(file: &'static str, input: &mut R) -> Result<Vec<u8>, ImportError> {
    let mut head = Vec::with_capacity(SNIFF);
    input
        .by_ref()
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::Malformed {
            file,
            line: 1,
            message: format!("cannot be read: {e}"),
        })?;
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if utf16 || head.contains(&0) {
        return Err(ImportError::Malformed {
            file,
            line: 1,
            message: format!(
                "the file is {}, not UTF-8: save it as \"CSV UTF-8\"",
                if utf16 {
                    "UTF-16 text"
                } else {
                    "binary or UTF-16 (it holds NUL bytes)"
                }
            ),
        });
    }
    Ok(head)
}

fn csv_error(file: &'static str, e: &csv::Error, line: u64) -> ImportError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields like the header, found {len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "field {} is not valid UTF-8 (the file is probably Windows-1252 or Latin-1): save it as \"CSV UTF-8\"",
            err.field() + 1
        ),
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

/// Columns that hold a `;`-separated list or free text: up to [`MAX_TEXT`] characters. Every
/// other cell is one value (a name, an ID, a number) of at most [`MAX_LINE`] characters, the
/// same limits as the edit forms.
const LONG_COLUMNS: &[&str] = &["resources", "mci eligibility", "rfa workloads", "value"];

impl<'a> CsvRow<'a> {
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Refuses a cell longer than its column allows (a pasted document in a name).
    fn check_lengths(&self) -> Result<(), ImportError> {
        for (i, cell) in self.record.iter().enumerate() {
            let header = self.headers.get(i).map(String::as_str).unwrap_or("");
            let max = if LONG_COLUMNS.contains(&normalize(header).as_str()) {
                MAX_TEXT
            } else {
                MAX_LINE
            };
            // Bytes first: a cell within the limit in bytes is within it in characters.
            if cell.len() > max {
                let chars = cell.trim().chars().count();
                if chars > max {
                    return Err(ImportError::Value {
                        file: self.file,
                        line: self.line,
                        column: header.to_string(),
                        column_index: i + 1,
                        message: format!(
                            "{chars} characters, more than the {max} a value may have"
                        ),
                    });
                }
            }
        }
        Ok(())
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
