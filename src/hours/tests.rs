use super::*;
use chrono::NaiveDate;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
}

fn state(text: &str, when: NaiveDateTime) -> Openness {
    state_at(&parse(text).unwrap(), when)
}

#[test]
fn overnight_hours_run_past_midnight_into_the_next_day() {
    // Saturday 5 December 2026 18:00 to Sunday 02:00.
    let oh = "Mo-Su 18:00-02:00";
    assert_eq!(state(oh, at(2026, 12, 6, 1, 30)), Openness::Open, "Sunday 01:30 is Saturday night's");
    assert_eq!(state(oh, at(2026, 12, 6, 2, 0)), Openness::Closed, "the end is exclusive");
    assert_eq!(state(oh, at(2026, 12, 6, 17, 59)), Openness::Closed);
    // Only Friday to Sunday evenings: Monday 01:00 is Sunday night's, Friday 01:00 is not.
    let weekend = "Fr-Su 18:00-02:00";
    assert_eq!(state(weekend, at(2026, 12, 7, 1, 0)), Openness::Open);
    assert_eq!(state(weekend, at(2026, 12, 4, 1, 0)), Openness::Closed);
    assert_eq!(state("Fr-Su 18:00-24:00", at(2026, 12, 4, 23, 59)), Openness::Open);
}

#[test]
fn public_holiday_rules_follow_uk_bank_holidays() {
    let oh = "Mo-Fr 09:00-17:00; PH off";
    // Friday 25 December 2026 (Christmas Day) against Friday 18 December.
    assert_eq!(state(oh, at(2026, 12, 25, 10, 0)), Openness::Closed);
    assert_eq!(state(oh, at(2026, 12, 18, 10, 0)), Openness::Open);
    // Open only on holidays.
    assert_eq!(state("PH 10:00-14:00", at(2026, 12, 25, 11, 0)), Openness::Open);
    assert_eq!(state("PH 10:00-14:00", at(2026, 12, 18, 11, 0)), Openness::Closed);
}

#[test]
fn comments_and_unknown_rules_are_unknown_not_closed() {
    assert_eq!(state("unknown \"by appointment\"", at(2026, 12, 6, 2, 0)), Openness::Unknown);
    assert_eq!(state(&convert_free_text("by appointment").unwrap(), at(2026, 12, 6, 2, 0)), Openness::Unknown);
}

#[test]
fn organisations_without_hours_are_unknown_never_closed() {
    let mut map = crate::example_map().unwrap();
    let field = hours_field(map.typology()).unwrap().clone();
    let mut org = map.organisations_sorted()[0].clone();
    org.fields.remove(&field);
    let id = org.id.clone();
    map.replace_organisation(org).unwrap();
    let mut bad = map.organisations_sorted()[1].clone();
    bad.fields.insert(field, crate::model::FieldValue::Text("Mo-Fr 25:00-17:00".into()));
    let bad_id = bad.id.clone();
    map.replace_organisation(bad).unwrap();
    let index = HoursIndex::new(&map);
    for h in 0..24 {
        let open = index.at(at(2026, 12, 6, h, 0));
        let pos = open.orgs.iter().position(|o| *o == id).unwrap();
        assert_eq!(open.openness[pos], Openness::Unknown);
        assert!(!open.closed().contains(&id) && !open.closed().contains(&bad_id));
    }
    assert_eq!(index.errors.len(), 1);
    assert_eq!(index.errors[0].id, bad_id);
}

#[test]
fn malformed_hours_name_the_position_and_never_panic() {
    let e = parse("Mo-Fr 09:00-17:00; Sa 10:00-").unwrap_err();
    assert!(e.position > 20, "{e:?}");
    assert_eq!(
        parse("Mo-Fx 09:00-17:00").unwrap_err().to_string(),
        "at character 4: expected a weekday (Mo, Tu, We, Th, Fr, Sa, Su), found 'Fx 09:00-17:'"
    );
    assert_eq!(parse("Mo-Fr 09:00-17:00; Sa 10:00-").unwrap_err().reason, "expected a time (HH:MM) (at the end)");
    let e = parse("Every day 6pm").unwrap_err();
    assert_eq!(e.position, 1, "{e:?}");
    assert!(e.to_string().starts_with("at character 1: "), "{e}");
    for junk in ["", " ", "Mo-", "25:00", "Mo 10:00-09:61", "\"", "Mo-Su 18:00-02:00;;", "😀", "week 99 Mo"] {
        let _ = parse(junk);
    }
}

#[test]
fn moments_read_weekdays_and_precise_times() {
    let sun = Moment::parse("Sun 02:00").unwrap();
    assert_eq!(sun.label(), "Sunday 02:00");
    assert_eq!(sun.to_string(), "Sun 02:00");
    assert_eq!(Moment::parse("sunday 2am").unwrap(), sun);
    // Monday 30 November 2026: the coming Sunday is 6 December.
    assert_eq!(sun.resolve(at(2026, 11, 30, 12, 0)), at(2026, 12, 6, 2, 0));
    assert_eq!(Moment::parse("Mon 09:00").unwrap().resolve(at(2026, 11, 30, 12, 0)), at(2026, 11, 30, 9, 0));
    let exact = Moment::parse("2026-12-06T02:00").unwrap();
    assert_eq!(exact.resolve(at(2020, 1, 1, 0, 0)), at(2026, 12, 6, 2, 0));
    assert_eq!(exact.to_string(), "2026-12-06T02:00");
    assert!(Moment::parse("Funday 02:00").is_err());
    assert!(Moment::parse("Sun 25:00").is_err());
}

#[test]
fn the_week_grid_round_trips_overnight_spans() {
    for text in ["Mo-Fr 09:00-17:00", "Fr,Sa 18:00-02:00", "24/7", "Mo-Su 18:00-02:00", "Tu 10:00-12:00,14:00-16:00"] {
        let grid = grid_from_hours(text).unwrap();
        let back = hours_from_grid(&grid);
        assert_eq!(grid_from_hours(&back).unwrap(), grid, "{text} -> {back}");
    }
    assert_eq!(hours_from_grid(&grid_from_hours("Mo-Fr 09:00-17:00").unwrap()), "Mo-Fr 09:00-17:00");
    assert_eq!(hours_from_grid(&grid_from_hours("Fr 18:00-02:00").unwrap()), "Fr 18:00-02:00");
    assert_eq!(hours_from_grid(&[[false; 24]; 7]), "off");
}

/// How many hours strings parse: every one of the example's 40, and of a generated map of
/// 20,000 the ones in syntax (its free-text few do not).
#[test]
fn hours_strings_that_parse_in_the_example_and_a_generated_map() {
    let example = HoursIndex::new(&crate::example_map().unwrap());
    assert_eq!((example.recorded_count(), example.parsed_count()), (40, 40), "{:?}", example.errors);
    let big = HoursIndex::new(&crate::generate::generate_map(20_000, 1));
    eprintln!("generated 20,000: {} with hours, {} parse", big.recorded_count(), big.parsed_count());
    assert_eq!(big.recorded_count() - big.parsed_count(), big.errors.len());
    assert!(
        big.errors
            .iter()
            .all(|e| ["Term time", "Ring for", "Every other", "Daylight"].iter().any(|p| e.text.starts_with(p)))
    );
}

#[test]
fn an_error_quotes_at_most_sixty_characters_of_the_hours() {
    let long = "Mo-Fr 25:00-99:99; ".repeat(1_000);
    let error = OrgHoursError {
        id: OrgId::new("o1"),
        name: "Listening Line".into(),
        text: long.clone(),
        error: parse(&long).unwrap_err(),
    };
    let message = error.to_string();
    assert!(message.len() < 300, "{message}");
    assert!(message.contains(&format!("'{}…'", &long[..QUOTED_CHARS])), "{message}");
    let short = OrgHoursError { text: "Mo-Fr 25:00".into(), ..error };
    assert!(short.to_string().contains("'Mo-Fr 25:00' are not valid"), "{short}");
}
