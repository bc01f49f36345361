//! Calendar periods of ISO dates: `2020-W41`, `2020-10`, `2020-Q4`, `2020`.
//!
//! A period is kept as an ordinal (consecutive periods differ by one), so a trend can list every
//! period between the first and the last, including those without articles.

use serde::Serialize;

/// The length of a trend's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO 8601 weeks, Monday to Sunday, labelled by ISO week-numbering year (`2020-W53`).
    Week,
    Month,
    Quarter,
    Year,
}

crate::named_enum!(Period {
    Week => "week",
    Month => "month",
    Quarter => "quarter",
    Year => "year",
});

/// A validated calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Parses `YYYY-MM-DD`, optionally followed by a time (`T...` or ` ...`), whose date part is
/// taken as written (no time-zone shift). Anything else is an error saying what was expected.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let t = text.trim();
    let bad = || format!("{t:?} is not an ISO date (YYYY-MM-DD)");
    let date = match t.get(..10) {
        Some(d) if t.len() == 10 || matches!(t.as_bytes()[10], b'T' | b' ') => d,
        _ => return Err(bad()),
    };
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = &date[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year as i32, month) {
        return Err(format!("{t:?} is not a calendar date"));
    }
    Ok(Date {
        year: year as i32,
        month,
        day,
    })
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// The Monday (in days since 1970-01-01) of the ISO week holding `days`.
fn monday_of(days: i64) -> i64 {
    // 1970-01-01 was a Thursday: Monday-based weekday = (days + 3) mod 7.
    days - (days + 3).rem_euclid(7)
}

impl Period {
    /// The ordinal of the period holding `d`.
    pub fn ordinal(self, d: Date) -> i64 {
        let (y, m) = (i64::from(d.year), i64::from(d.month));
        match self {
            Period::Year => y,
            Period::Quarter => y * 4 + (m - 1) / 3,
            Period::Month => y * 12 + m - 1,
            Period::Week => monday_of(days_from_civil(d)).div_euclid(7),
        }
    }

    /// The label of the period with this ordinal: `2020`, `2020-Q4`, `2020-10`, `2020-W41`.
    pub fn label(self, ordinal: i64) -> String {
        match self {
            Period::Year => format!("{ordinal:04}"),
            Period::Quarter => format!(
                "{:04}-Q{}",
                ordinal.div_euclid(4),
                ordinal.rem_euclid(4) + 1
            ),
            Period::Month => format!(
                "{:04}-{:02}",
                ordinal.div_euclid(12),
                ordinal.rem_euclid(12) + 1
            ),
            Period::Week => {
                // Mondays fall on days 7k + 4 (1970-01-05 is day 4); the ISO year is the year
                // of the week's Thursday, three days later.
                let thursday = ordinal * 7 + 4 + 3;
                let year = civil_from_days(thursday).year;
                let jan1 = days_from_civil(Date {
                    year,
                    month: 1,
                    day: 1,
                });
                format!("{year:04}-W{:02}", (thursday - jan1) / 7 + 1)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(p: Period, s: &str) -> String {
        p.label(p.ordinal(parse_date(s).unwrap()))
    }

    #[test]
    fn periods_follow_the_calendar_and_iso_weeks() {
        assert_eq!(label(Period::Month, "2020-10-15"), "2020-10");
        assert_eq!(label(Period::Quarter, "2020-09-30"), "2020-Q3");
        assert_eq!(label(Period::Quarter, "2020-10-01"), "2020-Q4");
        assert_eq!(label(Period::Year, "2020-12-31T23:59:00Z"), "2020");
        // ISO weeks: 2020-12-31 is in 2020-W53, 2021-01-03 too, 2021-01-04 starts 2021-W01,
        // and 2019-12-30 (a Monday) is in 2020-W01.
        assert_eq!(label(Period::Week, "2020-12-31"), "2020-W53");
        assert_eq!(label(Period::Week, "2021-01-03"), "2020-W53");
        assert_eq!(label(Period::Week, "2021-01-04"), "2021-W01");
        assert_eq!(label(Period::Week, "2019-12-30"), "2020-W01");
        assert_eq!(label(Period::Week, "2020-09-27"), "2020-W39");
        assert_eq!(label(Period::Week, "2020-09-28"), "2020-W40");
        let m = |s| Period::Month.ordinal(parse_date(s).unwrap());
        assert_eq!(m("2021-01-01") - m("2020-12-31"), 1);
        for days in [-800_000, -1, 0, 59, 18_000, 2_000_000] {
            assert_eq!(days_from_civil(civil_from_days(days)), days);
        }
    }

    #[test]
    fn only_iso_calendar_dates_parse() {
        assert!(parse_date(" 2020-02-29 ").is_ok());
        assert!(parse_date("2020-10-15 10:00").is_ok());
        for bad in [
            "2021-02-29",
            "2020-13-01",
            "15/10/2020",
            "2020-10",
            "2020-1-15",
            "",
            "2020-10-15x",
            "२०२०-10-15",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }
}
