//! Tenant contacts (spec §3): customer contacts may receive the FastTrack survey, partner
//! contacts never; a tenant with customer contacts keeps at least one survey-eligible one.

use super::validation::{is_email, limit, required, FieldErrors, MAX_LINE};
use crate::ids::TenantId;
use crate::model::labelled_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

labelled_enum!(
    ContactType {
        Customer => "Customer",
        Partner => "Partner",
    }
);

/// The contact form.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub contact_type: ContactType,
    /// Personal data: absent for a Report viewer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Personal data: absent for a Report viewer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    /// Required for customer contacts.
    #[serde(default)]
    pub country: String,
    /// Required for customer contacts.
    #[serde(default)]
    pub survey_language: String,
    /// Workloads or services the contact was assisted with; at least one.
    #[serde(default)]
    pub services_assisted_with: Vec<String>,
    /// Customer contacts only.
    #[serde(default)]
    pub survey_eligible: bool,
}

/// A saved contact.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: i64,
    pub tenant_id: TenantId,
    /// Bumped by every saved edit; an edit based on an older version is refused.
    pub version: i64,
    #[serde(flatten)]
    pub fields: ContactDraft,
}

impl ContactDraft {
    /// The contact as it will be stored (trimmed, empty services dropped), or every refused
    /// field.
    pub fn validated(&self) -> Result<ContactDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let customer = self.contact_type == ContactType::Customer;
        let name = required(&mut e, "name", "Name", &self.name);
        let email = required(&mut e, "email", "Email", &self.email);
        if !email.is_empty() && !is_email(&email) {
            e.push("email", format!("`{email}` is not an email address"));
        }
        let (country, survey_language) = if customer {
            (
                required(&mut e, "country", "Country/region", &self.country),
                required(
                    &mut e,
                    "survey_language",
                    "Survey language",
                    &self.survey_language,
                ),
            )
        } else {
            (
                limit(&mut e, "country", "Country/region", &self.country, MAX_LINE),
                limit(
                    &mut e,
                    "survey_language",
                    "Survey language",
                    &self.survey_language,
                    MAX_LINE,
                ),
            )
        };
        let services: Vec<String> = self
            .services_assisted_with
            .iter()
            .map(|s| limit(&mut e, "services_assisted_with", "A service", s, MAX_LINE))
            .filter(|s| !s.is_empty())
            .collect();
        if services.is_empty() {
            e.push(
                "services_assisted_with",
                "Services assisted with is required",
            );
        }
        if !customer && self.survey_eligible {
            e.push(
                "survey_eligible",
                "A partner contact cannot be survey eligible",
            );
        }
        e.into_result(ContactDraft {
            contact_type: self.contact_type,
            name,
            email,
            country,
            survey_language,
            services_assisted_with: services,
            survey_eligible: customer && self.survey_eligible,
        })
    }
}

/// A proposed change to a tenant's contact list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactChange<'a> {
    Add(&'a ContactDraft),
    Edit(i64, &'a ContactDraft),
    Delete(i64),
}

/// The tenant-wide rule, over the list as it would be after `change`: a tenant with customer
/// contacts keeps at least one survey-eligible customer contact.
pub fn check_contact_list(
    existing: &[Contact],
    change: &ContactChange<'_>,
) -> Result<(), FieldErrors> {
    let mut after: Vec<&ContactDraft> = existing
        .iter()
        .filter(|c| match change {
            ContactChange::Edit(id, _) | ContactChange::Delete(id) => c.id != *id,
            ContactChange::Add(_) => true,
        })
        .map(|c| &c.fields)
        .collect();
    if let ContactChange::Add(d) | ContactChange::Edit(_, d) = change {
        after.push(d);
    }
    let is_customer = |c: &ContactDraft| c.contact_type == ContactType::Customer;
    // "Keep": once a tenant has customer contacts, a save may not leave it without a
    // survey-eligible one, not even by removing the last customer.
    let has_customers =
        existing.iter().any(|c| is_customer(&c.fields)) || after.iter().any(|c| is_customer(c));
    let mut e = FieldErrors::default();
    if has_customers && !after.iter().any(|c| is_customer(c) && c.survey_eligible) {
        e.push(
            "survey_eligible",
            match change {
                ContactChange::Delete(_) => {
                    "This is the tenant's last survey-eligible customer contact: mark another customer contact survey eligible before deleting it"
                }
                _ => "At least one customer contact must be survey eligible",
            },
        );
    }
    e.into_result(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(t: ContactType, eligible: bool) -> ContactDraft {
        ContactDraft {
            contact_type: t,
            name: "Ann Lee".into(),
            email: "ann@contoso.com".into(),
            country: "Norway".into(),
            survey_language: "English".into(),
            services_assisted_with: vec!["Teams".into()],
            survey_eligible: eligible,
        }
    }

    fn saved(id: i64, d: ContactDraft) -> Contact {
        Contact {
            id,
            tenant_id: TenantId(uuid::Uuid::nil()),
            version: 1,
            fields: d,
        }
    }

    #[test]
    fn per_contact_required_fields() {
        use ContactType::*;
        let blank = |f: fn(&mut ContactDraft)| {
            let mut d = draft(Customer, true);
            f(&mut d);
            d
        };
        for (d, field) in [
            (draft(Partner, true), Some("survey_eligible")),
            (draft(Partner, false), None),
            (draft(Customer, false), None),
            (blank(|d| d.name = " ".into()), Some("name")),
            (blank(|d| d.email = String::new()), Some("email")),
            (blank(|d| d.email = "ann at contoso".into()), Some("email")),
            (blank(|d| d.country = String::new()), Some("country")),
            (
                blank(|d| d.survey_language = String::new()),
                Some("survey_language"),
            ),
            (
                blank(|d| d.services_assisted_with = vec![" ".into()]),
                Some("services_assisted_with"),
            ),
            (
                blank(|d| d.services_assisted_with.clear()),
                Some("services_assisted_with"),
            ),
        ] {
            match (d.validated(), field) {
                (Ok(_), None) => {}
                (Err(e), Some(f)) => assert_eq!(e.first().unwrap().field, f, "{d:?}"),
                (r, f) => panic!("{d:?}: {r:?}, expected {f:?}"),
            }
        }
        // A partner needs no country or language.
        let mut p = draft(Partner, false);
        p.country.clear();
        p.survey_language.clear();
        assert!(p.validated().is_ok());
    }

    #[test]
    fn the_last_survey_eligible_customer_stays() {
        use ContactType::*;
        let one = vec![
            saved(1, draft(Customer, true)),
            saved(2, draft(Partner, false)),
        ];
        let two = vec![
            saved(1, draft(Customer, true)),
            saved(3, draft(Customer, true)),
        ];
        let not_eligible = draft(Customer, false);
        let partner = draft(Partner, false);
        for (list, change, ok) in [
            (&one, ContactChange::Delete(1), false),
            (&one, ContactChange::Delete(2), true),
            (&one, ContactChange::Edit(1, &not_eligible), false),
            (&two, ContactChange::Delete(1), true),
            (&two, ContactChange::Edit(1, &not_eligible), true),
            (&vec![], ContactChange::Add(&not_eligible), false),
            (&vec![], ContactChange::Add(&partner), true),
            (&one, ContactChange::Add(&not_eligible), true),
            // Nor by turning the only customer into a partner.
            (&one, ContactChange::Edit(1, &partner), false),
            (
                &vec![saved(2, draft(Partner, false))],
                ContactChange::Delete(2),
                true,
            ),
        ] {
            let r = check_contact_list(list, &change);
            assert_eq!(r.is_ok(), ok, "{change:?} on {} contacts", list.len());
            if let Err(e) = r {
                assert_eq!(e.first().unwrap().field, "survey_eligible");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn accepted_lists_always_keep_an_eligible_customer(
            start in proptest::collection::vec((proptest::bool::ANY, proptest::bool::ANY), 0..6),
            ops in proptest::collection::vec((0u8..3, 0i64..8, proptest::bool::ANY, proptest::bool::ANY), 0..20),
        ) {
            let mk = |customer: bool, eligible: bool| draft(
                if customer { ContactType::Customer } else { ContactType::Partner },
                customer && eligible,
            );
            // Start from a valid list, then apply only the changes the rule accepts.
            let mut list: Vec<Contact> = start.iter().enumerate()
                .map(|(i, (c, e))| saved(i as i64, mk(*c, *e))).collect();
            list.push(saved(100, mk(true, true)));
            let mut next = 200;
            for (op, id, c, e) in ops {
                let d = mk(c, e);
                let change = match op {
                    0 => ContactChange::Add(&d),
                    1 => ContactChange::Edit(id, &d),
                    _ => ContactChange::Delete(id),
                };
                if check_contact_list(&list, &change).is_ok() {
                    match change {
                        ContactChange::Add(d) => { list.push(saved(next, d.clone())); next += 1; }
                        ContactChange::Edit(id, d) => {
                            if let Some(x) = list.iter_mut().find(|x| x.id == id) { x.fields = d.clone(); }
                        }
                        ContactChange::Delete(id) => list.retain(|x| x.id != id),
                    }
                }
                let customers: Vec<_> = list.iter().filter(|x| x.fields.contact_type == ContactType::Customer).collect();
                proptest::prop_assert!(customers.is_empty() || customers.iter().any(|x| x.fields.survey_eligible));
            }
        }
    }
}
