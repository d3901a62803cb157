//! `eligibility.csv` and `solutions_partner.csv`: the happy path, the written form read back,
//! and every bad input named by file, line and column.

use shared::eligibility::{AssociationType, Designation, NetQualified, SolutionArea};
use shared::import::{self, ImportError};
use shared::rules::eligibility::{Setting, SolutionsPartnerTable, DEFAULT_CSV};
use shared::Money;
use time::macros::date;

const TENANT: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

fn first_error<T>(r: Result<import::Parsed<&[u8], T>, ImportError>) -> ImportError {
    match r {
        Err(e) => e,
        Ok(mut rows) => rows.find_map(|r| r.err()).expect("an error"),
    }
}

#[test]
fn parses_eligibility_rows() {
    let csv = format!(
        "\u{feff}tpid,Customer Name,TENANT ID,Solution area,Workload,Association type,PAU,MAU growth (TTM),Net qualified,Qualified deployment date,Active subscription value (USD),Usage baseline,Usage current,ACR 12 months (USD),Monthly protected users growth\n\
         123,Contoso,{TENANT},Modern Work,Teams,CSP T2,\"1,200\",−40,+1,2026-03-01,\"$1,500.50\",10,12,-3.50,+25\n\
         123,Contoso,{TENANT},data and ai,Azure SQL,PAL,,,,,,,,,\n"
    );
    let rows: Vec<_> = import::eligibility(csv.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let r = &rows[0];
    assert_eq!(r.tpid.as_str(), "123");
    assert_eq!(r.designation, Designation::ModernWork);
    assert_eq!(r.association, AssociationType::CspT2);
    assert_eq!((r.pau, r.mau_growth, r.mpu_growth), (1200, -40, 25));
    assert_eq!(r.net_qualified, NetQualified::Gained);
    assert_eq!(r.qualified_deployment, Some(date!(2026 - 03 - 01)));
    assert_eq!(r.active_subscription, Some(Money(150_050)));
    assert_eq!((r.usage_baseline, r.usage_current), (10, 12));
    assert_eq!(r.acr_12_months, Some(Money(-350)));
    let empty = &rows[1];
    assert_eq!(empty.designation, Designation::AzureDataAi);
    assert_eq!(empty.net_qualified, NetQualified::Unchanged);
    assert_eq!((empty.pau, empty.mau_growth), (0, 0));
    assert_eq!(empty.qualified_deployment, None);

    // What the product writes reads back the same.
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(import::ImportFile::Eligibility.columns())
        .unwrap();
    for r in &rows {
        out.write_record(import::eligibility_record(r)).unwrap();
    }
    let written = out.into_inner().unwrap();
    let back: Vec<_> = import::eligibility(written.as_slice())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, rows);
}

#[test]
fn bad_eligibility_values_name_file_line_and_column() {
    let head = "TPID,Tenant ID,Solution area,Workload,Association type";
    let cases = [
        (
            format!("{head},Net qualified\n1,{TENANT},Security,Intune,CPOR,2\n"),
            "eligibility.csv: line 2, column 6 \"Net qualified\": `2` is not +1, 0 or -1",
        ),
        (
            format!("{head}\n1,{TENANT},Security,Intune,Reseller\n"),
            "eligibility.csv: line 2, column 5 \"Association type\": `Reseller` is not one of CSP, CSP T1, CSP T2, DPOR, PAL, CPOR, CPOR RevRec, CPOR OSA, CPOR RevRec Performance, CPOR OSU",
        ),
        (
            format!("{head}\n1,{TENANT},Dynamics,Sales,DPOR\n"),
            "eligibility.csv: line 2, column 3 \"Solution area\": `Dynamics` is not one of Data & AI (Azure), Digital & App Innovation (Azure), Infrastructure (Azure), Business Applications, Modern Work, Security",
        ),
        (
            format!("{head},Qualified deployment date\n1,{TENANT},Security,Intune,CPOR,2026-03-01\n1,{TENANT},Security,Intune,CPOR,01/03/2026\n"),
            "eligibility.csv: line 3, column 6 \"Qualified deployment date\": `01/03/2026` is not a date (expected YYYY-MM-DD)",
        ),
        (
            format!("{head},Active subscription value (USD)\n1,{TENANT},Security,Intune,CPOR,-5\n"),
            "eligibility.csv: line 2, column 6 \"Active subscription value (USD)\": -5.00 is below 0 (a subscription's value)",
        ),
        (
            format!("{head},MAU growth (TTM)\n1,{TENANT},Security,Intune,CPOR,1.5\n"),
            "eligibility.csv: line 2, column 6 \"MAU growth (TTM)\": `1.5` is not a whole number (e.g. 12 or -3)",
        ),
        (
            format!("{head}\n,{TENANT},Security,Intune,CPOR\n"),
            "eligibility.csv: line 2, column 1 \"TPID\": a value is required",
        ),
        (
            "TPID,Tenant ID,Workload,Association type\n".to_string(),
            "eligibility.csv: line 1: missing required column \"Solution area\"",
        ),
    ];
    for (csv, want) in cases {
        assert_eq!(
            first_error(import::eligibility(csv.as_bytes())).to_string(),
            want
        );
    }
}

#[test]
fn the_rules_table_reads_checks_and_writes_back() {
    let lines: Vec<_> = import::solutions_partner(DEFAULT_CSV.as_bytes())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 65);
    assert_eq!(lines[0].area, SolutionArea::AzureDataAi);
    assert_eq!(lines[0].setting, Setting::Workloads);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(import::ImportFile::SolutionsPartner.columns())
        .unwrap();
    for l in &lines {
        out.write_record(import::solutions_partner_record(l))
            .unwrap();
    }
    let written = out.into_inner().unwrap();
    let back: Vec<_> = import::solutions_partner(written.as_slice())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, lines);
    assert_eq!(
        SolutionsPartnerTable::from_settings(back).unwrap(),
        SolutionsPartnerTable::from_settings(lines).unwrap()
    );

    let head = "Solution area,Setting,Value\n";
    let cases = [
        (
            "Modern Work SMB,PAU above,ten\n",
            "solutions_partner.csv: line 2, column 3 \"Value\": `ten` is not a whole number of 0 or more",
        ),
        (
            "Security,PAU above,10\n",
            "solutions_partner.csv: line 2, column 2 \"Setting\": `PAU above` is not a setting of Security (expected one of Azure workloads, Azure partner association types, Microsoft 365 workloads, Microsoft 365 partner association types, Net qualified tenants at least, Deployment window (months), Deployed tenants at least, Azure ACR partner overall at least (USD), Microsoft 365 MPU growth partner overall at least)",
        ),
        (
            "Security,Seats above,10\n",
            "solutions_partner.csv: line 2, column 2 \"Setting\": `Seats above` is not a setting of Security",
        ),
        (
            "Modern Work,PAU above,10\n",
            "solutions_partner.csv: line 2, column 1 \"Solution area\": `Modern Work` is not one of Data & AI (Azure), Digital & App Innovation (Azure), Infrastructure (Azure), Business Applications SMB, Business Applications Enterprise, Modern Work SMB, Modern Work Enterprise, Security",
        ),
        (
            "Security,Azure partner association types,PAL; Reseller\n",
            "solutions_partner.csv: line 2, column 3 \"Value\": `Reseller` is not a partner association type (expected one of CSP, CSP T1, CSP T2, DPOR, PAL, CPOR, CPOR RevRec, CPOR OSA, CPOR RevRec Performance, CPOR OSU)",
        ),
    ];
    for (line, want) in cases {
        let csv = format!("{head}{line}");
        assert_eq!(
            first_error(import::solutions_partner(csv.as_bytes())).to_string(),
            want
        );
    }
}
