//! Import parsing: the happy path, and every bad input named by file, line and column.

use shared::import::{self, ImportError};
use shared::model::{Acceptance, ClaimState, Segment, Sku};
use shared::{Money, Ratio};

const TENANTS: &str = "\u{feff}Tenant ID, tenant NAME ,Tenant domain,TPID,Tenant segment,M365 licenses,EA renewal,CSP tier,Extra\n\
0f8fad5b-d9cb-469f-a165-70867728950e,Contoso,contoso.com,123,Enterprise,\"1,200\",2027-03,T2,x\n";

#[test]
fn parses_tenants_with_bom_case_and_unknown_columns() {
    let rows: Vec<_> = import::tenants(TENANTS.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 1);
    let t = &rows[0];
    assert_eq!(&*t.name, "Contoso");
    assert_eq!(t.segment, Segment::Enterprise);
    assert_eq!(t.m365_licenses, 1200);
    assert_eq!(t.ea_renewal.unwrap().to_string(), "2027-03");
    assert_eq!(t.csp_renewal, None);
}

fn first_error<T>(r: Result<import::Parsed<&[u8], T>, ImportError>) -> ImportError {
    match r {
        Err(e) => e,
        Ok(mut rows) => rows.find_map(|r| r.err()).expect("an error"),
    }
}

#[test]
fn bad_values_name_file_line_and_column() {
    let cases: Vec<(ImportError, &str)> = vec![
        (
            first_error(import::tenants(
                "Tenant ID,Tenant name,Tenant segment\n0f8fad5b-d9cb-469f-a165-70867728950e,A,SMC\nnot-a-guid,B,SMC\n".as_bytes(),
            )),
            "tenants.csv: line 3, column 1 \"Tenant ID\": `not-a-guid` is not a GUID",
        ),
        (
            first_error(import::tenants("Tenant ID,Tenant segment\n".as_bytes())),
            "tenants.csv: line 1: missing required column \"Tenant name\"",
        ),
        (
            first_error(import::workloads(
                "Tenant ID,Workload,SKU,MAU,PAU\n0f8fad5b-d9cb-469f-a165-70867728950e,Teams,E3,12x,200\n".as_bytes(),
            )),
            "workloads.csv: line 2, column 4 \"MAU\": `12x` is not a whole number of 0 or more",
        ),
        (
            first_error(import::workloads(
                "Tenant ID,Workload,SKU,MAU,PAU,Claim date\n0f8fad5b-d9cb-469f-a165-70867728950e,Teams,E3,1,2,03/01/2026\n".as_bytes(),
            )),
            "workloads.csv: line 2, column 6 \"Claim date\": `03/01/2026` is not a date (expected YYYY-MM-DD)",
        ),
        (
            first_error(import::tipping_points(
                "Workload,Tenant segment,SKU,Usage tipping point\nTeams,Enterprise,E3,95%\n".as_bytes(),
            )),
            "tipping_points.csv: line 2, column 4 \"Usage tipping point\": `95%` is out of range: a tipping point is from 0% to 90% (e.g. 35% or 0.35)",
        ),
        (
            first_error(import::tipping_points(
                "Workload,Tenant segment,SKU,Usage tipping point\nTeams,Enterprise,E3,140%\n".as_bytes(),
            )),
            "tipping_points.csv: line 2, column 4 \"Usage tipping point\": `140%` is out of range: a tipping point is from 0% to 90% (e.g. 35% or 0.35)",
        ),
        (
            first_error(import::tipping_points(
                "Workload,Tenant segment,SKU,Usage tipping point\nTeams,Enterprise,E3,35\n".as_bytes(),
            )),
            "tipping_points.csv: line 2, column 4 \"Usage tipping point\": `35` is out of range: a tipping point is from 0% to 90% (e.g. 35% or 0.35)",
        ),
        (
            first_error(import::tipping_points(
                "Workload,Tenant segment,SKU,Usage tipping point\nTeams,Enterprise,E3,high\n".as_bytes(),
            )),
            "tipping_points.csv: line 2, column 4 \"Usage tipping point\": `high` is not a percentage: a tipping point is from 0% to 90% (e.g. 35% or 0.35)",
        ),
        (
            first_error(import::tenants(
                format!("Tenant ID,Tenant name,Tenant segment\n0f8fad5b-d9cb-469f-a165-70867728950e,{},SMC\n", "n".repeat(201)).as_bytes(),
            )),
            "tenants.csv: line 2, column 2 \"Tenant name\": 201 characters, more than the 200 a value may have",
        ),
        (
            first_error(import::tenants(
                b"Tenant ID,Tenant name,Tenant segment\n0f8fad5b-d9cb-469f-a165-70867728950e,Caf\xe9,SMC\n".as_slice(),
            )),
            "tenants.csv: line 2: field 2 is not valid UTF-8 (the file is probably Windows-1252 or Latin-1): save it as \"CSV UTF-8\"",
        ),
        (
            first_error(import::tenants(
                b"\xff\xfeT\x00e\x00n\x00".as_slice(),
            )),
            "tenants.csv: line 1: the file is UTF-16 text, not UTF-8: save it as \"CSV UTF-8\"",
        ),
        (
            first_error(import::referrals(
                "Referral ID,Tenant ID,Date of assignment,Acceptance\nR1,0f8fad5b-d9cb-469f-a165-70867728950e,2026-11-02T09:30:00Z,Maybe\n".as_bytes(),
            )),
            "referrals.csv: line 2, column 4 \"Acceptance\": `Maybe` is not one of Pending, Accepted, Declined",
        ),
        (
            first_error(import::tenants(
                "Tenant ID,Tenant name,Tenant segment\n0f8fad5b-d9cb-469f-a165-70867728950e,A\n".as_bytes(),
            )),
            "tenants.csv: line 2: expected 3 fields like the header, found 2",
        ),
    ];
    for (err, want) in cases {
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn parses_workload_claims_money_and_ratios() {
    let csv = "Tenant ID,Workload,SKU,MAU,PAU,CPOR claim #,Claimed by,Incentivized,Rate per unit,Prior HWM\n\
0f8fad5b-d9cb-469f-a165-70867728950e,Teams,Office 365,1,2,C-9,,Yes,4.50,\n\
0f8fad5b-d9cb-469f-a165-70867728950e,Intune,Visio,1,2,,Other,No,,7\n";
    let rows: Vec<_> = import::workloads(csv.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows[0].sku, Sku::Office365);
    assert_eq!(rows[0].claim_state(), ClaimState::ClaimedByUs);
    assert_eq!(rows[0].rate_per_unit, Some(Money(450)));
    assert_eq!(rows[0].prior_hwm, None);
    assert_eq!(rows[1].sku, Sku::Other("Visio".into()));
    assert_eq!(rows[1].claim_state(), ClaimState::ClaimedByOther);
    assert_eq!(rows[1].prior_hwm, Some(7));

    let r = "Referral ID,Tenant ID,Date of assignment,Acceptance,AU% at referral,RFA workloads\n\
R1,0f8fad5b-d9cb-469f-a165-70867728950e,2026-11-02T09:30:00+01:00,accepted,12.5%,Teams; Intune\n";
    let refs: Vec<_> = import::referrals(r.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(refs[0].acceptance, Acceptance::Accepted);
    assert_eq!(refs[0].au_at_referral, Some(Ratio(0.125)));
    assert_eq!(refs[0].rfa_workloads, ["Teams", "Intune"]);
}
