//! The JSON forms of the data contract, in one place: what the API sends and takes, what the
//! store keeps in its `data` columns and what the app reads. They are the import files' forms
//! (`format`), so a value reads the same in a CSV cell, on screen and on the wire:
//!
//! | value | JSON | schema |
//! |---|---|---|
//! | a date (`time::Date`) | `"2026-03-01"` | string, format `date` — fields say `#[serde(with = "json::date")]` (or `json::opt_date`) |
//! | an instant (`OffsetDateTime`) | `"2026-11-02T09:30:00Z"` (RFC 3339) | string, format `date-time` — `#[serde(with = "json::instant")]` |
//! | a month ([`YearMonth`]) | `"2027-04"` | string, [`MONTH_PATTERN`] — by its own `Serialize` |
//! | money ([`Money`]) | `"1234.50"`: a decimal string, USD, exactly two decimals | string, [`MONEY_PATTERN`] — by its own `Serialize` |
//! | a closed enum (`labelled_enum!`) | its label: `"SME&C"`, `"Status note"` | string enum of the labels |
//! | a SKU ([`Sku`]) | its label: `"Office 365"`, `"E3"`, or the name as imported | string |
//!
//! Money is a string rather than a number because JSON numbers are doubles in most clients:
//! a decimal string is exact in every language and reads as the CSV does.
//!
//! Reading is strict (exactly these forms: the API answers 400 for anything else); the
//! server's store upgrade (`server/src/store/upgrade.rs`) rewrites records stored in the
//! earlier forms once, so nothing else has to accept them.

use crate::format::{date as date_text, parse_date};
use crate::model::{Sku, YearMonth};
use crate::money::Money;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::Date;

/// `YYYY-MM` with a month 01–12.
pub const MONTH_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";
/// An amount in USD: an optional minus, up to 15 whole digits, exactly two decimals
/// (`1234.50`, `0.07`, `-3.10`). Fifteen digits keep every amount inside integer cents.
pub const MONEY_PATTERN: &str = "^-?[0-9]{1,15}\\.[0-9]{2}$";

/// Exactly `YYYY-MM-DD` (`format::parse_date` forgives surrounding spaces; JSON does not).
fn contract_date<E: serde::de::Error>(s: &str) -> Result<Date, E> {
    parse_date(s)
        .filter(|_| s.len() == 10)
        .ok_or_else(|| E::custom(format!("`{s}` is not a date (YYYY-MM-DD)")))
}

/// A date as `YYYY-MM-DD`.
pub mod date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&date_text(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        contract_date(&String::deserialize(d)?)
    }
}

/// An optional date: `YYYY-MM-DD` or `null`. Put `#[serde(default)]` beside it where the
/// field may be absent.
pub mod opt_date {
    use super::*;

    pub fn serialize<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&date_text(*d)),
            None => s.serialize_none(),
        }
    }

    /// Through `Option<String>`: `time`'s own optional form does not read `null` inside a
    /// flattened struct (a saved `Note`).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| contract_date(&s))
            .transpose()
    }
}

/// An instant as RFC 3339 (`2026-11-02T09:30:00Z`).
pub mod instant {
    pub use time::serde::rfc3339::{deserialize, serialize};
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        YearMonth::parse(&s)
            .filter(|_| s.len() == 7)
            .ok_or_else(|| D::Error::custom(format!("`{s}` is not a month (YYYY-MM)")))
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        money_text(&s).ok_or_else(|| {
            D::Error::custom(format!(
                "`{s}` is not an amount in USD (a string with two decimals, e.g. \"1234.50\")"
            ))
        })
    }
}

/// [`MONEY_PATTERN`], checked by hand (no regex engine in the wasm app).
fn money_text(s: &str) -> Option<Money> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, cents) = digits.split_once('.')?;
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    (all_digits(whole) && whole.len() <= 15 && all_digits(cents) && cents.len() == 2)
        .then(|| Money::parse(s).ok())
        .flatten()
}

impl Serialize for Sku {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Sku {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Every name is a SKU (the Tenants report shows any); the three the model knows are
        // recognised by the import's own rule.
        Ok(Sku::parse(&String::deserialize(d)?))
    }
}

/// An edit's body: the record's fields and the `version` it was based on, side by side in one
/// object (`{"version": 3, "acceptance": "Accepted", …}`). Read here rather than with
/// `#[serde(flatten)]`, which buffers the fields and so loses which one was refused: through
/// this, an error names `splits[0].count`, not the whole body.
pub fn versioned<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<(i64, T), D::Error> {
    d.deserialize_map(versioned::Visitor(std::marker::PhantomData))
}

mod versioned {
    use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess};
    use serde::Deserialize;
    use std::fmt;
    use std::marker::PhantomData;

    pub struct Visitor<T>(pub PhantomData<T>);

    impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Visitor<T> {
        type Value = (i64, T);

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object with `version` and the record's fields")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(i64, T), A::Error> {
            let mut rest = Rest { map, version: None };
            let record = T::deserialize(&mut rest)?;
            let version = rest
                .version
                .ok_or_else(|| de::Error::missing_field("version"))?;
            Ok((version, record))
        }
    }

    /// The object less `version` (kept aside), read by the record's own `Deserialize` straight
    /// from the caller's map, so every field keeps its place in the error path.
    struct Rest<A> {
        map: A,
        version: Option<i64>,
    }

    impl<'de, A: MapAccess<'de>> MapAccess<'de> for &mut Rest<A> {
        type Error = A::Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            loop {
                match self.map.next_key::<String>()? {
                    None => return Ok(None),
                    Some(k) if k == "version" => self.version = Some(self.map.next_value()?),
                    Some(k) => return seed.deserialize(k.into_deserializer()).map(Some),
                }
            }
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, A::Error> {
            self.map.next_value_seed(seed)
        }
    }

    impl<'de, A: MapAccess<'de>> de::Deserializer<'de> for &mut Rest<A> {
        type Error = A::Error;

        fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
            visitor.visit_map(self)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
            identifier ignored_any
        }
    }
}

#[cfg(feature = "openapi")]
mod schemas {
    use super::*;
    use crate::model::Workload;
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    use utoipa::openapi::RefOr;
    use utoipa::{PartialSchema, ToSchema};

    fn string(description: &str, pattern: Option<&str>, example: &str) -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(description))
            .pattern(pattern)
            .examples([serde_json::json!(example)])
            .into()
    }

    impl PartialSchema for YearMonth {
        fn schema() -> RefOr<Schema> {
            string("A calendar month, YYYY-MM.", Some(MONTH_PATTERN), "2027-04")
        }
    }
    impl ToSchema for YearMonth {}

    impl PartialSchema for Money {
        fn schema() -> RefOr<Schema> {
            string(
                "An amount in USD as a decimal string with exactly two decimals.",
                Some(MONEY_PATTERN),
                "1234.50",
            )
        }
    }
    impl ToSchema for Money {}

    impl PartialSchema for Sku {
        fn schema() -> RefOr<Schema> {
            string(
                "The Microsoft 365 SKU: `Office 365`, `E3`, `E5`, or another name as imported.",
                None,
                "Office 365",
            )
        }
    }
    impl ToSchema for Sku {}

    impl PartialSchema for Workload {
        fn schema() -> RefOr<Schema> {
            string(
                "A workload's name (`Exchange Online`, `Teams`, …), as imported.",
                None,
                "Teams",
            )
        }
    }
    impl ToSchema for Workload {}
}

#[cfg(test)]
mod tests;
