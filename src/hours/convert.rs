//! Common English opening hours ("Every day 6pm–2am", "Mon–Fri 9–5", "24 hours",
//! "Tuesdays 10am–12pm", "by appointment") turned into `opening_hours` syntax. Anything else is
//! left alone: a wrong guess about when help is there is worse than none.

/// Day abbreviations of the syntax, Monday first.
const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// The syntax for a common English form, or `None` when the text is not one. The result always
/// parses.
#[must_use]
pub fn convert_free_text(text: &str) -> Option<String> {
    let out = convert(text)?;
    super::is_valid(&out).then_some(out)
}

/// Converts each text for a migration: `Ok(syntax)` for the converted, `Err(text)` for those
/// left as they were. Text that is already valid syntax is kept.
pub fn migrate_free_text(text: &str) -> Result<String, String> {
    if super::is_valid(text) && !text.chars().any(|c| c == '–' || c == '—') && looks_like_syntax(text) {
        return Ok(text.trim().to_owned());
    }
    convert_free_text(text).ok_or_else(|| text.to_owned())
}

/// "Mo-Fr 09:00-17:00" style: two-letter days or digits with colons, no English words.
fn looks_like_syntax(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).all(|w| {
        DAYS.contains(&w) || ["PH", "SH", "off", "closed", "open", "unknown", "week"].contains(&w) || w.len() == 3
    }) && text.contains(|c: char| c.is_ascii_digit() || c == '/')
        || text.trim() == "24/7"
}

fn convert(text: &str) -> Option<String> {
    let s = normalise(text);
    let s = s.as_str();
    if s.is_empty() {
        return None;
    }
    if ["24 hours", "24/7", "24 hours a day", "24 hours, 7 days a week", "open 24 hours", "always open", "24hrs"]
        .contains(&s)
    {
        return Some("24/7".into());
    }
    if ["by appointment", "by appointment only", "appointment only"].contains(&s) {
        return Some("unknown \"by appointment\"".into());
    }
    // Split into the day part and the time part at the first token that is a time.
    let words: Vec<&str> = s.split(' ').collect();
    let first_time = words.iter().position(|w| starts_time(w))?;
    let days_text = words[..first_time].join(" ");
    let times_text = words[first_time..].join(" ");
    let days = days(&days_text)?;
    let times = times(&times_text)?;
    if days.is_empty() {
        return Some(times);
    }
    Some(format!("{days} {times}"))
}

/// Lower case, dashes and "to" as '-', no trailing full stop, single spaces.
fn normalise(text: &str) -> String {
    let s = text.trim().trim_end_matches('.').to_lowercase();
    let s = s.replace(['–', '—', '‒'], "-").replace(" to ", "-").replace(" - ", "-");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_time(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) || w.starts_with("midnight") || w.starts_with("noon")
}

/// One day name or plural ("tuesdays", "tue", "tues") as an index, Monday = 0.
fn day_index(w: &str) -> Option<usize> {
    const NAMES: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    let w = w.trim_end_matches(',').trim_end_matches('s');
    if w.len() < 2 {
        return None;
    }
    NAMES.iter().position(|n| {
        let full = n.trim_end_matches('s');
        full == w || (w.len() >= 3 && full.starts_with(w)) || (w == "thur" && *n == "thursday")
    })
}

/// The day selector: "" for every day, "Mo-Fr", "Tu,Th", ...
fn days(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(',').trim_end_matches(':');
    if ["", "every day", "daily", "every night", "every evening", "nightly", "7 days", "7 days a week", "mon-sun"]
        .contains(&s)
    {
        return Some("Mo-Su".into());
    }
    match s {
        "weekdays" | "every weekday" => return Some("Mo-Fr".into()),
        "weekends" | "at weekends" | "every weekend" => return Some("Sa,Su".into()),
        _ => {}
    }
    if let Some((a, b)) = s.split_once('-') {
        let (a, b) = (day_index(a.trim())?, day_index(b.trim())?);
        return Some(format!("{}-{}", DAYS[a], DAYS[b]));
    }
    let mut picked = Vec::new();
    for w in s.replace(',', " ").replace(" and ", " ").replace('&', " ").split_whitespace() {
        picked.push(DAYS[day_index(w)?]);
    }
    (!picked.is_empty()).then(|| picked.join(","))
}

/// "6pm-2am", "9-5", "10am-12pm", "6:30pm-8pm", "6pm-midnight"; several joined by ", " or " and ".
fn times(s: &str) -> Option<String> {
    let ranges: Vec<String> = s.split(", ").flat_map(|p| p.split(" and ")).map(range).collect::<Option<Vec<_>>>()?;
    Some(ranges.join(","))
}

fn range(s: &str) -> Option<String> {
    let (a, b) = s.trim().split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (mut start, a_mer) = clock(a, false)?;
    let (mut end, b_mer) = clock(b, true)?;
    // "9-5": bare hours, the end before the start: the end is in the afternoon.
    if a_mer.is_none() && b_mer.is_none() && end <= start && end <= 12 * 60 {
        end += 12 * 60;
    }
    // "10-12pm": a bare start takes the end's half of the day when that keeps it before the end.
    if a_mer.is_none() && b_mer == Some(true) && start < 12 * 60 && start + 12 * 60 < end {
        start += 12 * 60;
    }
    if start == end || start >= 24 * 60 {
        return None;
    }
    Some(format!("{}-{}", hhmm(start), hhmm(end)))
}

/// Minutes after midnight and whether "pm" (Some(true)) or "am" (Some(false)) was said.
/// `is_end`: midnight as an end is 24:00.
fn clock(s: &str, is_end: bool) -> Option<(u16, Option<bool>)> {
    match s {
        "midnight" | "12 midnight" => return Some((if is_end { 24 * 60 } else { 0 }, Some(false))),
        "noon" | "midday" | "12 noon" => return Some((12 * 60, Some(true))),
        _ => {}
    }
    let (body, mer) = if let Some(b) = s.strip_suffix("am") {
        (b.trim(), Some(false))
    } else if let Some(b) = s.strip_suffix("pm") {
        (b.trim(), Some(true))
    } else {
        (s, None)
    };
    let (h, m) = match body.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?),
        None => (body.parse::<u16>().ok()?, 0),
    };
    if m > 59 {
        return None;
    }
    let h = match mer {
        Some(pm) if (1..=12).contains(&h) => (h % 12) + if pm { 12 } else { 0 },
        None if h <= 24 => h,
        Some(_) | None => return None,
    };
    let minutes = h * 60 + m;
    // "12am" as an end is midnight at the end of the day.
    Some((if is_end && minutes == 0 { 24 * 60 } else { minutes }, mer))
}

fn hhmm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_english_forms_become_syntax() {
        for (text, want) in [
            ("Every day 6pm–2am", "Mo-Su 18:00-02:00"),
            ("Mon–Fri 9–5", "Mo-Fr 09:00-17:00"),
            ("24 hours", "24/7"),
            ("Tuesdays 10am–12pm", "Tu 10:00-12:00"),
            ("Fridays 7pm–9pm", "Fr 19:00-21:00"),
            ("by appointment", "unknown \"by appointment\""),
            ("Fri–Sun 6pm–midnight", "Fr-Su 18:00-24:00"),
            ("Every night 8pm–8am", "Mo-Su 20:00-08:00"),
            ("Thursdays 6:30pm–8pm", "Th 18:30-20:00"),
            ("Tue and Thu 10am–3pm", "Tu,Th 10:00-15:00"),
            ("Tuesdays and Thursdays 10am–2pm", "Tu,Th 10:00-14:00"),
            ("Tue, Thu and Sat 9am–1pm", "Tu,Th,Sa 09:00-13:00"),
            ("Mon–Fri 8am–6:30pm", "Mo-Fr 08:00-18:30"),
            ("Weekdays 9am to 5pm", "Mo-Fr 09:00-17:00"),
        ] {
            assert_eq!(convert_free_text(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "Term time, 8pm–8am",
            "Every other Sunday afternoon",
            "First Monday of the month, 7pm",
            "Saturdays 10am, from the park gates",
            "None",
            "",
            "Mon–Fri 9am–5pm; Tuesday evening group",
        ] {
            assert_eq!(convert_free_text(text), None, "{text}");
        }
    }

    #[test]
    fn syntax_already_is_kept_and_english_is_not_mistaken_for_it() {
        assert_eq!(migrate_free_text("Mo-Fr 09:00-17:00; PH off"), Ok("Mo-Fr 09:00-17:00; PH off".into()));
        assert_eq!(migrate_free_text("24/7"), Ok("24/7".into()));
        assert_eq!(migrate_free_text("Every day 6pm–2am"), Ok("Mo-Su 18:00-02:00".into()));
        assert_eq!(
            migrate_free_text("Wednesdays and Sundays, daylight hours"),
            Err("Wednesdays and Sundays, daylight hours".into())
        );
    }
}
