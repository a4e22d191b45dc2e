//! Writing XML text safely: every name a user typed is escaped, and characters XML 1.0 cannot
//! hold are dropped, so `</text><script>` in a name stays text.

/// Escapes text for XML content and attribute values (quotes included).
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

use std::fmt::Write;

/// A number for SVG/XML: at most two decimals, no trailing zeros, no "-0" (deterministic).
#[must_use]
pub fn num(v: f32) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// Appends [`num`]`(v)` to `out`: formatted with two decimals (ties to even), then trailing
/// zeros, a bare point and a negative zero trimmed.
pub fn push_num(out: &mut String, v: f32) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let start = out.len();
    let _ = write!(out, "{v:.2}");
    let kept = out[start..].trim_end_matches('0').trim_end_matches('.').len();
    out.truncate(start + kept);
    if out[start..].is_empty() || &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// The GraphML/GEXF attribute type for a field kind.
#[must_use]
pub fn attr_type(kind: crate::model::FieldKind) -> &'static str {
    use crate::model::FieldKind;
    match kind {
        FieldKind::Number => "double",
        FieldKind::YesNo => "boolean",
        FieldKind::Text
        | FieldKind::LongText
        | FieldKind::Choice
        | FieldKind::MultiChoice
        | FieldKind::Date
        | FieldKind::OpeningHours => "string",
    }
}

/// A field value as attribute text (lists joined with " | ", as the importers split them).
#[must_use]
pub fn value_text(v: &crate::model::FieldValue) -> String {
    match v {
        crate::model::FieldValue::Bool(b) => b.to_string(),
        crate::model::FieldValue::Number(n) => format!("{n}"),
        other => other.display(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(
            escape("</text><script>alert('x')&\"</script>"),
            "&lt;/text&gt;&lt;script&gt;alert(&apos;x&apos;)&amp;&quot;&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c"), "abc");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-3.25), "-3.25");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn numbers_round_half_to_even_on_the_exact_value() {
        for (v, text) in [(0.125f32, "0.12"), (0.375, "0.38"), (-0.125, "-0.12"), (1.005, "1"), (2.675, "2.67")] {
            assert_eq!(num(v), text, "{v}");
        }
        for (v, text) in [(99.995f32, "100"), (-0.004, "0"), (-0.0, "0"), (1e16, "10000000272564224"), (0.1, "0.1")] {
            assert_eq!(num(v), text, "{v}");
        }
        let mut out = String::from("x=");
        push_num(&mut out, 2.5);
        assert_eq!(out, "x=2.5");
    }
}
