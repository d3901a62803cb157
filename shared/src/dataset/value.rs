//! How one value of each field type is written on the wire: [`Entry`] for values kept in a
//! column's dictionary (texts, IDs, enums, lists), [`Num`] for values stored per row.

use crate::eligibility::{AssociationType, Designation, NetQualified, SolutionArea};
use crate::ids::{ClaimNumber, MpnId, ReferralId, TenantId, Tpid};
use crate::model::{Acceptance, ClaimedBy, CspTier, Segment, Sku, Workload, YearMonth};
use crate::money::Money;
use crate::ratio::Ratio;
use crate::rules::eligibility::Setting;
use crate::wire::bytes::{put_str, put_varint, put_zigzag, ReadError, Reader};
use std::hash::Hash;
use time::{Date, OffsetDateTime, UtcOffset};
use uuid::Uuid;

/// A value a column stores once in its dictionary, rows holding its code.
pub trait Entry: Clone + Eq + Hash + std::fmt::Debug {
    fn write(&self, out: &mut Vec<u8>);
    fn read(r: &mut Reader) -> Result<Self, ReadError>;
}

/// A value a column stores per row (numbers, dates, flags).
pub trait Num: Copy + PartialEq + std::fmt::Debug {
    /// What an `Opt` column holds where a row has no value (never read as a value).
    const FILLER: Self;
    fn write(&self, out: &mut Vec<u8>);
    fn read(r: &mut Reader) -> Result<Self, ReadError>;
}

impl Entry for std::sync::Arc<str> {
    fn write(&self, out: &mut Vec<u8>) {
        put_str(out, self);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        r.text().map(Into::into)
    }
}

impl Entry for String {
    fn write(&self, out: &mut Vec<u8>) {
        put_str(out, self);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        r.string()
    }
}

/// Text newtypes travel as their text.
macro_rules! text_entry {
    ($($t:ident),*) => {$(
        impl Entry for $t {
            fn write(&self, out: &mut Vec<u8>) {
                put_str(out, &self.0);
            }
            fn read(r: &mut Reader) -> Result<Self, ReadError> {
                r.text().map(|s| $t(s.into()))
            }
        }
    )*};
}
text_entry!(Tpid, MpnId, ClaimNumber, ReferralId, Workload);

impl Entry for TenantId {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.as_bytes());
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        Ok(TenantId(Uuid::from_bytes(r.array()?)))
    }
}

/// Closed enums travel as their position in `ALL`.
macro_rules! enum_entry {
    ($($t:ident),*) => {$(
        impl Entry for $t {
            fn write(&self, out: &mut Vec<u8>) {
                let i = $t::ALL.iter().position(|v| v == self).expect("a variant is in ALL");
                out.push(i as u8);
            }
            fn read(r: &mut Reader) -> Result<Self, ReadError> {
                let i = r.byte()?;
                $t::ALL.get(usize::from(i)).copied().ok_or_else(|| {
                    ReadError::invalid(format!(concat!("{} is no ", stringify!($t)), i))
                })
            }
        }
    )*};
}
enum_entry!(Segment, ClaimedBy, CspTier, Acceptance);
enum_entry!(
    Designation,
    AssociationType,
    NetQualified,
    SolutionArea,
    Setting
);

impl Entry for Sku {
    /// 0–2 the modelled SKUs, 3 another SKU followed by its name.
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Sku::Office365 => out.push(0),
            Sku::E3 => out.push(1),
            Sku::E5 => out.push(2),
            Sku::Other(s) => {
                out.push(3);
                put_str(out, s);
            }
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        match r.byte()? {
            0 => Ok(Sku::Office365),
            1 => Ok(Sku::E3),
            2 => Ok(Sku::E5),
            3 => r.string().map(Sku::Other),
            t => Err(ReadError::invalid(format!("{t} is no SKU tag"))),
        }
    }
}

impl Entry for YearMonth {
    fn write(&self, out: &mut Vec<u8>) {
        put_zigzag(out, i64::from(self.year));
        out.push(self.month);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        let year = i32::try_from(r.zigzag()?)
            .map_err(|_| ReadError::invalid("a year does not fit in 32 bits"))?;
        Ok(YearMonth {
            year,
            month: r.byte()?,
        })
    }
}

impl<T: Entry> Entry for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.write(out);
            }
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        match r.byte()? {
            0 => Ok(None),
            1 => T::read(r).map(Some),
            t => Err(ReadError::invalid(format!(
                "{t} is no presence tag (0 or 1)"
            ))),
        }
    }
}

impl<T: Entry> Entry for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, self.len() as u64);
        for v in self {
            v.write(out);
        }
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        let n = r.count()?;
        (0..n).map(|_| T::read(r)).collect()
    }
}

impl Num for u64 {
    const FILLER: Self = 0;
    fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, *self);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        r.varint()
    }
}

/// Signed counts (growth can be negative).
impl Num for i64 {
    const FILLER: Self = 0;
    fn write(&self, out: &mut Vec<u8>) {
        put_zigzag(out, *self);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        r.zigzag()
    }
}

impl Num for bool {
    const FILLER: Self = false;
    fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(ReadError::invalid(format!("{b} is no yes/no (0 or 1)"))),
        }
    }
}

impl Num for Money {
    const FILLER: Self = Money::ZERO;
    fn write(&self, out: &mut Vec<u8>) {
        put_zigzag(out, self.0);
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        r.zigzag().map(Money)
    }
}

/// Exact: the bits of the `f64`.
impl Num for Ratio {
    const FILLER: Self = Ratio(0.0);
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_bits().to_le_bytes());
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        Ok(Ratio(f64::from_bits(u64::from_le_bytes(r.array()?))))
    }
}

/// A day number (Julian day).
impl Num for Date {
    const FILLER: Self = Date::MIN;
    fn write(&self, out: &mut Vec<u8>) {
        put_zigzag(out, i64::from(self.to_julian_day()));
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        let day = r.zigzag()?;
        i32::try_from(day)
            .ok()
            .and_then(|d| Date::from_julian_day(d).ok())
            .ok_or_else(|| ReadError::invalid(format!("day {day} is no date")))
    }
}

/// Unix seconds, nanoseconds and the UTC offset in seconds: the instant and its offset both
/// survive the trip.
impl Num for OffsetDateTime {
    const FILLER: Self = OffsetDateTime::UNIX_EPOCH;
    fn write(&self, out: &mut Vec<u8>) {
        put_zigzag(out, self.unix_timestamp());
        put_varint(out, u64::from(self.nanosecond()));
        put_zigzag(out, i64::from(self.offset().whole_seconds()));
    }
    fn read(r: &mut Reader) -> Result<Self, ReadError> {
        let secs = r.zigzag()?;
        let nanos = r.varint()?;
        let offset = r.zigzag()?;
        let bad =
            || ReadError::invalid(format!("{secs} s + {nanos} ns at {offset} s is no instant"));
        let offset = i32::try_from(offset)
            .ok()
            .and_then(|o| UtcOffset::from_whole_seconds(o).ok())
            .ok_or_else(bad)?;
        let utc = OffsetDateTime::from_unix_timestamp(secs).map_err(|_| bad())?;
        let nanos = u32::try_from(nanos)
            .ok()
            .filter(|n| *n < 1_000_000_000)
            .ok_or_else(bad)?;
        utc.replace_nanosecond(nanos)
            .ok()
            .and_then(|t| t.checked_to_offset(offset))
            .ok_or_else(bad)
    }
}
