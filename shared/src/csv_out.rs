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

/// Writes a header and rows as RFC 4180 CSV (CRLF-free `\n` line ends, quotes where needed).
pub fn to_csv<I, R>(headers: &[&str], rows: I) -> String
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    // Writing to a Vec cannot fail.
    let bytes = write_csv(Vec::new(), headers, rows).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// [`to_csv`] written row by row into `out` (a file, a socket, a download in parts): memory
/// stays bounded by one row whatever the number of rows. Returns `out`, flushed.
pub fn write_csv<W, I, R>(out: W, headers: &[&str], rows: I) -> std::io::Result<W>
where
    W: std::io::Write,
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(headers.iter().map(|h| escape_formula(h).into_owned()))?;
    let mut cells: Vec<String> = Vec::new();
    for row in rows {
        cells.clear();
        cells.extend(row.into_iter().map(|c| match escape_formula(&c) {
            std::borrow::Cow::Borrowed(_) => c,
            std::borrow::Cow::Owned(escaped) => escaped,
        }));
        w.write_record(&cells)?;
    }
    w.into_inner().map_err(|e| e.into_error())
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
        let parts = write_csv(Trickle(Vec::new()), &["h1", "+h2", "h3"], rows()).unwrap();
        assert_eq!(String::from_utf8(parts.0).unwrap(), whole);
        assert!(
            whole.starts_with("h1,'+h2,h3\n'=r0,\"a,0\",-1.5\n"),
            "{}",
            &whole[..40]
        );
    }
}
