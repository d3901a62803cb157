//! CSV output for downloads and exports, safe to open in a spreadsheet.

/// A cell that a spreadsheet would run as a formula gets a leading `'`. Plain numbers (which
/// may start with `-`) are left alone: they cannot be formulas.
pub fn escape_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Writes RFC 4180 CSV (CRLF-free `\n` line ends, quotes where needed) a record at a time, so
/// an export of any size streams with the memory of one row.
pub struct CsvWriter<W: std::io::Write> {
    w: csv::Writer<W>,
}

impl<W: std::io::Write> CsvWriter<W> {
    pub fn new(out: W) -> Self {
        CsvWriter {
            w: csv::WriterBuilder::new().from_writer(out),
        }
    }

    /// One record (the header or a row), each cell formula-escaped.
    pub fn record<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells = cells
            .into_iter()
            .map(|c| escape_formula(c.as_ref()).into_owned());
        Ok(self.w.write_record(cells)?)
    }

    /// Flushes and gives the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes a header and rows as CSV, in memory.
pub fn to_csv<I, R>(headers: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = CsvWriter::new(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.record(headers);
    for row in rows {
        let _ = w.record(row);
    }
    String::from_utf8(w.finish().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_formulas_not_numbers() {
        for (i, o) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-3.10", "-3.10"),
            ("plain", "plain"),
            ("", ""),
        ] {
            assert_eq!(escape_formula(i), o);
        }
    }

    #[test]
    fn quotes_commas_and_quotes() {
        let s = to_csv(
            &["a", "b"],
            vec![vec!["x,y".to_string(), "say \"hi\"".to_string()]],
        );
        assert_eq!(s, "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n");
    }

    /// A sink that takes at most 3 bytes per call: the rows arrive in many parts.
    struct Trickle(Vec<u8>);
    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn written_in_parts_equals_the_whole() {
        let rows =
            || (0..500).map(|i| vec![format!("=r{i}"), format!("a,{i}"), "-1.5".to_string()]);
        let whole = to_csv(&["h1", "+h2", "h3"], rows());
        let mut w = CsvWriter::new(Trickle(Vec::new()));
        w.record(["h1", "+h2", "h3"]).unwrap();
        for row in rows() {
            w.record(row).unwrap();
        }
        let parts = w.finish().unwrap();
        assert_eq!(String::from_utf8(parts.0).unwrap(), whole);
        assert!(
            whole.starts_with("h1,'+h2,h3\n'=r0,\"a,0\",-1.5\n"),
            "{}",
            &whole[..40]
        );
    }
}
