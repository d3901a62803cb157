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
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(headers.iter().map(|h| escape_formula(h).into_owned()));
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| escape_formula(&c).into_owned())
            .collect();
        let _ = w.write_record(&cells);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
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
}
