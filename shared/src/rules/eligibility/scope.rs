//! Which rows a check looks at: qualifying workload lists and partner association lists, as
//! the rules table writes them, and the groups that pair them (Business Applications pairs
//! Dynamics 365 workloads with some association types and Power Platform ones with others).

use crate::eligibility::{AssociationType, EligibilityRow};
use crate::model::Workload;

/// A workload list entry's names: the first is shown, every one matches. Names match ignoring
/// case and spaces (`Teams Phone calling 1p/3p` is the seed's `TeamsPhonecalling1p/3p`), so
/// Partner Center's names (`EXO`), the seed's and the product's (`Exchange Online`) can all be
/// listed for one workload as `Exchange Online|EXO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadName {
    pub names: Vec<String>,
    keys: Vec<String>,
}

/// The key a workload name matches by.
pub fn workload_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl WorkloadName {
    pub fn new(names: Vec<String>) -> Self {
        let keys = names.iter().map(|n| workload_key(n)).collect();
        WorkloadName { names, keys }
    }

    pub fn label(&self) -> &str {
        self.names.first().map(String::as_str).unwrap_or("")
    }

    pub fn matches_key(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// A qualifying workload list: every workload of the area's rows (`*`, "All Azure services"),
/// or the listed ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkloadList {
    Any,
    Only(Vec<WorkloadName>),
}

impl WorkloadList {
    /// `*`, or `;`-separated entries whose aliases are separated by `|`. An empty text is an
    /// empty list (allowed for exclusions only; the caller decides).
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.trim() == "*" {
            return Ok(WorkloadList::Any);
        }
        let mut entries = Vec::new();
        for entry in s.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let names: Vec<String> = entry
                .split('|')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect();
            if names.iter().any(|n| n == "*") {
                return Err(format!("`{entry}`: `*` stands alone (every workload)"));
            }
            entries.push(WorkloadName::new(names));
        }
        Ok(WorkloadList::Only(entries))
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, WorkloadList::Only(e) if e.is_empty())
    }

    /// Whether a row's workload (by [`workload_key`]) is on the list.
    pub fn matches_key(&self, key: &str) -> bool {
        match self {
            WorkloadList::Any => true,
            WorkloadList::Only(entries) => entries.iter().any(|e| e.matches_key(key)),
        }
    }

    pub fn matches(&self, workload: &Workload) -> bool {
        self.matches_key(&workload_key(workload.as_str()))
    }

    /// The list in words; `any` names what `*` stands for in this area.
    pub fn describe(&self, any: &str) -> String {
        match self {
            WorkloadList::Any => any.to_string(),
            WorkloadList::Only(e) if e.is_empty() => "none".to_string(),
            WorkloadList::Only(e) => e
                .iter()
                .map(WorkloadName::label)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The list as the rules table writes it.
    pub fn to_setting(&self) -> String {
        match self {
            WorkloadList::Any => "*".to_string(),
            WorkloadList::Only(e) => e
                .iter()
                .map(|w| w.names.join("|"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// A qualifying partner association list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssociationList(pub Vec<AssociationType>);

impl AssociationList {
    /// `;`-separated association types; at least one.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut list = Vec::new();
        for t in s.split(';').map(str::trim).filter(|t| !t.is_empty()) {
            list.push(AssociationType::parse(t).ok_or_else(|| {
                format!(
                    "`{t}` is not a partner association type (expected one of {})",
                    AssociationType::expected()
                )
            })?);
        }
        if list.is_empty() {
            return Err("at least one partner association type is required".to_string());
        }
        Ok(AssociationList(list))
    }

    pub fn covers(&self, row: AssociationType) -> bool {
        self.0.iter().any(|t| t.covers(row))
    }

    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|t| t.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Workloads and the association types that qualify them; `name` says which products the
/// pair is for (empty when one pair covers the whole area).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeGroup {
    pub name: &'static str,
    pub workloads: WorkloadList,
    pub associations: AssociationList,
}

/// The rows a part of a program counts: a row qualifies when one group lists its workload and
/// admits its association type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub groups: Vec<ScopeGroup>,
}

impl Scope {
    pub fn single(workloads: WorkloadList, associations: AssociationList) -> Self {
        Scope {
            groups: vec![ScopeGroup {
                name: "",
                workloads,
                associations,
            }],
        }
    }

    pub fn workload_qualifies(&self, key: &str) -> bool {
        self.groups.iter().any(|g| g.workloads.matches_key(key))
    }

    pub fn row_qualifies(&self, key: &str, row: &EligibilityRow) -> bool {
        self.groups
            .iter()
            .any(|g| g.workloads.matches_key(key) && g.associations.covers(row.association))
    }

    /// The workload lists in words (`Dynamics 365: …; Power Platform: …` when grouped).
    pub fn describe_workloads(&self, any: &str) -> String {
        self.describe(|g| g.workloads.describe(any))
    }

    pub fn describe_associations(&self) -> String {
        self.describe(|g| g.associations.describe())
    }

    fn describe(&self, part: impl Fn(&ScopeGroup) -> String) -> String {
        self.groups
            .iter()
            .map(|g| {
                if g.name.is_empty() {
                    part(g)
                } else {
                    format!("{}: {}", g.name, part(g))
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workload_lists_match_aliases_ignoring_case_and_spaces() {
        let l =
            WorkloadList::parse("Exchange Online|EXO; Teams Phone calling 1p/3p ;Intune").unwrap();
        for (name, hit) in [
            ("exo", true),
            ("Exchange  online", true),
            ("TeamsPhonecalling1p/3p", true),
            ("INTUNE", true),
            ("Teams", false),
            ("Exchange", false),
        ] {
            assert_eq!(l.matches(&Workload::new(name)), hit, "{name}");
        }
        assert_eq!(
            l.describe("all"),
            "Exchange Online, Teams Phone calling 1p/3p, Intune"
        );
        assert_eq!(
            l.to_setting(),
            "Exchange Online|EXO; Teams Phone calling 1p/3p; Intune"
        );
        assert_eq!(WorkloadList::parse(" * "), Ok(WorkloadList::Any));
        assert!(WorkloadList::Any.matches(&Workload::new("Azure SQL")));
        assert!(WorkloadList::parse("").unwrap().is_empty());
        assert!(WorkloadList::parse("Teams|*").is_err());
    }

    #[test]
    fn association_lists_parse_and_name_bad_entries() {
        let l = AssociationList::parse("CSP; CPOR").unwrap();
        assert!(l.covers(AssociationType::CspT2));
        assert!(l.covers(AssociationType::CporOsu));
        assert!(!l.covers(AssociationType::Dpor));
        assert_eq!(l.describe(), "CSP, CPOR");
        assert!(AssociationList::parse(" ; ").is_err());
        let e = AssociationList::parse("CSP; Reseller").unwrap_err();
        assert!(
            e.starts_with("`Reseller` is not a partner association type"),
            "{e}"
        );
    }
}
