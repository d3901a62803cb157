//! The L1 → L2 → L3 service-status taxonomy (spec §3) is data, not code: a CSV table with
//! columns `L1,L2,L3`, one row per path. An L1 with L2 rows requires an L2; an L2 with L3
//! rows requires an L3. The shipped default is `shared/data/service_taxonomy.csv` (seed 001
//! names only `In Progress` and `Blocked`; the other values are the product's defaults).

use serde::{Deserialize, Serialize};

pub const DEFAULT_CSV: &str = include_str!("../../data/service_taxonomy.csv");

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taxonomy {
    pub l1: Vec<L1Entry>,
}

/// An L1 status and its L2 reasons (empty: no L2 applies, as for `In Progress`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct L1Entry {
    pub name: String,
    pub l2: Vec<L2Entry>,
}

/// An L2 reason and its L3 engineering reasons (empty: no L3 applies).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct L2Entry {
    pub name: String,
    pub l3: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxonomyError {
    #[error("service taxonomy: {0}")]
    Csv(String),
    #[error("service taxonomy: line {0}: an L1 is required")]
    NoL1(u64),
    #[error("service taxonomy: line {0}: an L3 needs its L2")]
    L3WithoutL2(u64),
    #[error("service taxonomy: the table is empty")]
    Empty,
}

fn find<'a, T>(items: &'a [T], name: &str, key: impl Fn(&T) -> &str) -> Option<&'a T> {
    let n = name.trim();
    items.iter().find(|i| key(i).eq_ignore_ascii_case(n))
}

impl Taxonomy {
    /// The shipped table.
    ///
    /// # Panics
    /// Never in a released build: the shipped file is checked by this module's tests.
    pub fn default_table() -> Taxonomy {
        Taxonomy::parse(DEFAULT_CSV).expect("the shipped service_taxonomy.csv parses")
    }

    /// Parses the `L1,L2,L3` table, keeping the file's order and first spelling of each name.
    pub fn parse(csv_text: &str) -> Result<Taxonomy, TaxonomyError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(csv_text.as_bytes());
        let mut t = Taxonomy { l1: Vec::new() };
        for rec in reader.records() {
            let rec = rec.map_err(|e| TaxonomyError::Csv(e.to_string()))?;
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            let cell = |i: usize| rec.get(i).unwrap_or("").trim().to_string();
            let (l1, l2, l3) = (cell(0), cell(1), cell(2));
            if l1.is_empty() {
                if l2.is_empty() && l3.is_empty() {
                    continue;
                }
                return Err(TaxonomyError::NoL1(line));
            }
            if l2.is_empty() && !l3.is_empty() {
                return Err(TaxonomyError::L3WithoutL2(line));
            }
            let i1 = match t.l1.iter().position(|e| e.name.eq_ignore_ascii_case(&l1)) {
                Some(i) => i,
                None => {
                    t.l1.push(L1Entry {
                        name: l1,
                        l2: Vec::new(),
                    });
                    t.l1.len() - 1
                }
            };
            if l2.is_empty() {
                continue;
            }
            let e1 = &mut t.l1[i1];
            let i2 = match e1.l2.iter().position(|e| e.name.eq_ignore_ascii_case(&l2)) {
                Some(i) => i,
                None => {
                    e1.l2.push(L2Entry {
                        name: l2,
                        l3: Vec::new(),
                    });
                    e1.l2.len() - 1
                }
            };
            let e2 = &mut e1.l2[i2];
            if !l3.is_empty() && !e2.l3.iter().any(|x| x.eq_ignore_ascii_case(&l3)) {
                e2.l3.push(l3);
            }
        }
        if t.l1.is_empty() {
            return Err(TaxonomyError::Empty);
        }
        Ok(t)
    }

    pub fn l1(&self, name: &str) -> Option<&L1Entry> {
        find(&self.l1, name, |e| &e.name)
    }
}

impl L1Entry {
    pub fn l2(&self, name: &str) -> Option<&L2Entry> {
        find(&self.l2, name, |e| &e.name)
    }
}

impl L2Entry {
    pub fn l3(&self, name: &str) -> Option<&str> {
        find(&self.l3, name, |s| s).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_has_the_seed_values() {
        let t = Taxonomy::default_table();
        let in_progress = t.l1("in progress").unwrap();
        assert_eq!(in_progress.name, "In Progress");
        assert!(in_progress.l2.is_empty(), "In Progress has no L2/L3");
        let blocked = t.l1("Blocked").unwrap();
        assert!(!blocked.l2.is_empty(), "Blocked has an L2 list");
        assert!(
            blocked.l2.iter().any(|l2| !l2.l3.is_empty()),
            "some L2 need an L3"
        );
        assert!(
            blocked.l2.iter().any(|l2| l2.l3.is_empty()),
            "some L2 need none"
        );
        assert_eq!(
            blocked.l2("technical").unwrap().l3("PRODUCT BUG"),
            Some("Product bug")
        );
    }

    #[test]
    fn parse_keeps_order_merges_repeats_and_refuses_holes() {
        let t = Taxonomy::parse("L1,L2,L3\nA,,\nB,x,1\nb,X,2\nB,y\n\n").unwrap();
        assert_eq!(t.l1.len(), 2);
        let b = t.l1("B").unwrap();
        assert_eq!(b.l2.len(), 2);
        assert_eq!(b.l2[0].l3, ["1", "2"]);
        assert!(b.l2[1].l3.is_empty());
        assert_eq!(
            Taxonomy::parse("L1,L2,L3\n,x,\n"),
            Err(TaxonomyError::NoL1(2))
        );
        assert_eq!(
            Taxonomy::parse("L1,L2,L3\nA,,1\n"),
            Err(TaxonomyError::L3WithoutL2(2))
        );
        assert_eq!(Taxonomy::parse("L1,L2,L3\n"), Err(TaxonomyError::Empty));
    }
}
